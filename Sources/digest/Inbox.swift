import ArgumentParser
import DigestArchive
import DigestCore
import DigestInbox
import DigestMail
import Foundation

extension DigestCommand {
    struct Inbox: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "inbox",
            abstract: "Apply the list's mailbox to Subscribers/: unsubscribe requests, bounces and complaints.",
            discussion: """
                Reads the mailbox (--from, DIGEST_INBOX or list.inbox in digest.yaml) and the send journals' \
                permanent refusals. An unsubscribe request with a valid token, or from the reader's own address, \
                unsubscribes; a 5.1.x failure bounces at once, transient ones after list.soft-bounce-limit \
                different issues; a complaint marks complained. What it acted on is moved to the folder \
                list.inbox-done names, never deleted; what it did not understand is not touched. A second run \
                changes nothing; a run killed at any moment applies nothing twice.
                """)

        @Option(help: ArgumentHelp("The mailbox: maildir:PATH, imaps://host/MAILBOX or imap://host/MAILBOX.", valueName: "URL"))
        var from: String?

        func validate() throws {
            if let from, let problem = InboxURL.problem(with: from) { throw ValidationError("--from \(problem)") }
        }

        func run() throws {
            let repository = try Repository.forCommand()
            let run = InboxRun(
                root: repository.root, settings: repository.settings, mailbox: from, environment: ProcessInfo.processInfo.environment,
                today: .today, displayPath: { displayPath(of: $0) })
            let report: InboxReport
            do {
                report = try run.run(note: Subscribers.note)
            } catch let error as SubscriberError {
                throw CommandFailure(message: error.description, code: 1, isDiagnostic: true)
            } catch let error as InboxError {
                throw CommandFailure.usage(error.description)
            } catch let error as FileWriteError {
                throw CommandFailure.usage(error.description)
            }
            for line in report.lines(doneFolder: repository.settings.list.inboxDone, displayPath: { displayPath(of: $0) }) {
                print(line)
            }
        }
    }
}
