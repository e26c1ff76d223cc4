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
            let publisher = Publisher(repository: repository)
            do {
                let plan = try publisher.plan(URL(fileURLWithPath: path))
                if plan.alreadyPublished {
                    print("\(path) is already published as \(displayPath(of: plan.target)); nothing to do")
                    return
                }
                let shown = displayPath(of: plan.issueFile)
                let bytes = Array((try? Data(contentsOf: plan.issueFile)) ?? Data())
                let report = Linter(settings: repository.settings, corpus: IssueCorpus.load(from: repository))
                    .lint(bytes: bytes, path: shown, filePath: plan.issueFile.path)
                let sent: Int
                do {
                    sent = try SendHistory.readersSent(root: repository.root, issueKey: plan.issueKey) { displayPath(of: $0) }
                } catch {
                    throw CommandFailure(message: error.description, code: 2, isDiagnostic: true)
                }
                let outcome = try publisher.publish(
                    plan, findings: report.diagnostics, readersSent: sent, allowUnsent: unsent,
                    records: [JournalLocation.summaryURL(root: repository.root, issueKey: plan.issueKey)])
                for line in outcome.lines(readersSent: sent) { print(line) }
                if let builder = Self.siteBuilder {
                    do {
                        print(try builder.build(repository: repository))
                    } catch {
                        throw CommandFailure(message: "the issue is published, but the site was not built: \(error)", code: 2)
                    }
                } else {
                    print("next: build the site from the archive (`digest site`)")
                }
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
