import ArgumentParser
import DigestArchive
import DigestCore
import DigestLint
import DigestSend
import DigestSite
import Foundation

extension DigestCommand {
    struct Publish: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "publish",
            abstract: "Move a sent issue into the archive under its canonical name, its lead image with it.",
            discussion: """
                The issue must have gone to the subscribers (the send's records say so) and have \
                no lint errors or placeholders. In a git repository the files move with git mv \
                and the send's summary (Subscribers/sent/vol-V.N.sent) is staged with them. \
                Publishing an issue published already says so and changes nothing.
                """
        )

        @Argument(help: "The issue file, such as Drafts/2023-04-06-vol-2.6.issue.")
        var path: String

        @Flag(help: "Publish an issue that the send's records do not show as sent.")
        var unsent = false

        /// What brings the site up to date after a publication; `digest site` sets it.
        static let siteBuilder: (any SiteBuilder)? = PublishedSite()

        func run() throws {
            let repository = try Repository.forCommand()
            let publication = PublishRun(
                lint: { file, shown in
                    Linter(settings: repository.settings, corpus: IssueCorpus.load(from: repository))
                        .lint(bytes: Array((try? Data(contentsOf: file)) ?? Data()), path: shown, filePath: file.path).diagnostics
                },
                readersSent: { try SendHistory.readersSent(root: repository.root, issueKey: $0) { displayPath(of: $0) } },
                records: { [JournalLocation.summaryURL(root: repository.root, issueKey: $0)] }, site: Self.siteBuilder)
            do {
                try publication.run(path, allowUnsent: unsent, in: repository) { print($0) }
            } catch PublishRun.Failure.records(let reason) {
                throw CommandFailure(message: reason, code: 2, isDiagnostic: true)
            } catch let failure as PublishRun.Failure {
                throw CommandFailure(message: failure.description, code: 2)
            } catch let error as PublishError {
                // An issue not ready to publish is exit 1, like lint's findings; the rest is 2.
                switch error {
                case .lint, .unsent, .unreadable: throw CommandFailure(message: error.description, code: 1, isDiagnostic: true)
                default: throw CommandFailure(message: error.description, code: 2, isDiagnostic: true)
                }
            }
        }
    }
}
