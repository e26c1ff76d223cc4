import ArgumentParser
import DigestArchive
import DigestCore
import DigestInbox
import DigestMail
import Foundation

extension DigestCommand {
    struct Inbox: AsyncParsableCommand {
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

        func run() async throws {
            let repository = try Repository.forCommand()
            let settings = repository.settings
            let environment = ProcessInfo.processInfo.environment
            let named = from ?? environment["DIGEST_INBOX"].flatMap { $0.isEmpty ? nil : $0 } ?? settings.list.inbox
            var source: InboxSource?
            if let named {
                guard let url = InboxURL(named) else {
                    throw CommandFailure.usage("the mailbox \(named) \(InboxURL.problem(with: named) ?? "cannot be read")")
                }
                switch url {
                case .maildir(let path):
                    let folder = path.hasPrefix("/") ? URL(fileURLWithPath: path) : repository.root.appendingPathComponent(path)
                    do { source = try MaildirInbox(root: folder, doneFolder: settings.list.inboxDone) } catch {
                        throw CommandFailure.usage(error.description)
                    }
                case .imap(let url, _):
                    do { source = try ImapInbox(url: url, doneFolder: settings.list.inboxDone, environment: environment) } catch {
                        throw CommandFailure.usage(error.description)
                    }
                }
            }
            let key: UnsubscribeKey?
            if let secret = environment[UnsubscribeKey.environmentVariable], !secret.isEmpty {
                do { key = try UnsubscribeKey(secret: secret) } catch { throw CommandFailure.usage(error.description) }
            } else {
                key = nil
                Subscribers.note(
                    "note: \(UnsubscribeKey.environmentVariable) is not set, so no unsubscribe token can be checked: only requests from the reader's own address are applied"
                )
            }
            let (listURL, listPath) = Subscribers.location(repository)
            let digestFolder = repository.root.appendingPathComponent(".digest")
            let refusals = JournalRefusals.read(folder: digestFolder.appendingPathComponent("journal"))
            for note in refusals.notes { Subscribers.note("note: \(note)") }
            let report: InboxReport
            do {
                let state = try InboxState(url: digestFolder.appendingPathComponent("inbox").appendingPathComponent("state"))
                if state.damagedLines > 0 {
                    Subscribers.note(
                        "note: \(state.damagedLines) lines of \(displayPath(of: state.url)) could not be read; their messages are read again"
                    )
                }
                // One intake at a time: two would read the same messages before either records them.
                let lock = try FileLock(path: digestFolder.appendingPathComponent("inbox").appendingPathComponent(".lock").path) {
                    Subscribers.note("waiting for another digest inbox to finish")
                }
                defer { withExtendedLifetime(lock) {} }
                var intake = InboxIntake(
                    listURL: listURL, listPath: listPath, state: state, listID: settings.list.id, key: key,
                    softBounceLimit: settings.list.softBounceLimit, today: .today)
                if let killAt = environment["DIGEST_INBOX_TEST_KILL_AT"].flatMap(Int.init) {
                    // Tests only: the process kills itself at the Nth step, as a crash would.
                    var count = 0
                    intake.checkpoint = { _ in
                        count += 1
                        if count == killAt { kill(getpid(), SIGKILL) }
                    }
                }
                report = try intake.run(source: source, refusals: refusals.refusals)
            } catch let error as SubscriberError {
                throw CommandFailure(message: error.description, code: 1, isDiagnostic: true)
            } catch let error as InboxError {
                throw CommandFailure.usage(error.description)
            } catch let error as FileWriteError {
                throw CommandFailure.usage(error.description)
            }
            for change in report.changes { print(change) }
            let forEditor = report.notes.filter(\.understood)
            for note in forEditor {
                let shown = note.shown.hasPrefix("/") ? displayPath(of: URL(fileURLWithPath: note.shown)) : note.shown
                print("left for you: \(shown): \(note.note)")
            }
            let notUnderstood = report.notes.count - forEditor.count
            let changed = report.changes.filter(\.changedList).count
            var summary =
                "\(changed) reader\(changed == 1 ? "" : "s") changed; \(report.moved) message\(report.moved == 1 ? "" : "s") moved to \(settings.list.inboxDone)"
            if report.resumedMoves > 0 { summary += " (\(report.resumedMoves) applied by an earlier run that stopped)" }
            summary += "; \(forEditor.count) left for you; \(notUnderstood) not about the list, left as they were"
            print(summary)
        }
    }
}
