import ArgumentParser
import DigestArchive
import DigestCore

extension DigestCommand {
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new",
            abstract: "Write the next issue into the drafts folder and print its path.",
            discussion: """
                The draft is numbered one after the latest issue in the archive and the drafts, \
                dated one cadence (digest.yaml) after it, and starts a new volume when the date \
                falls in a new year. An existing file is never overwritten.
                """
        )

        @Option(help: ArgumentHelp("The issue date instead of one cadence after the latest issue.", valueName: "YYYY-MM-DD"))
        var date: IssueDate?

        func run() throws {
            let repository = try Repository.forCommand()
            do {
                let (_, url) = try DraftScaffolder(repository: repository).scaffold(date: date, today: .today)
                print(displayPath(of: url))
            } catch {
                throw CommandFailure.usage(error.description)
            }
        }
    }
}
