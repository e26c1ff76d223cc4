import DigestCore
import DigestMail
import Foundation

/// One `digest inbox` in a repository: the mailbox its settings name, the unsubscribe key
/// from the environment, the send journals' refusals, and one ``InboxIntake`` at a time
/// under the inbox's lock. What it notes on the way goes to `note`; what it did comes back
/// as an ``InboxReport``, whose ``InboxReport/lines(doneFolder:displayPath:)`` the command prints.
public struct InboxRun {
    public var root: URL
    public var settings: Settings
    /// The mailbox given on the command line (`--from`), before `DIGEST_INBOX` and `list.inbox`.
    public var mailbox: String?
    public var environment: [String: String]
    public var today: IssueDate
    public var displayPath: (URL) -> String

    public init(
        root: URL, settings: Settings, mailbox: String?, environment: [String: String], today: IssueDate,
        displayPath: @escaping (URL) -> String
    ) {
        self.root = root
        self.settings = settings
        self.mailbox = mailbox
        self.environment = environment
        self.today = today
        self.displayPath = displayPath
    }

    /// The mailbox read: `--from`, then `DIGEST_INBOX`, then `list.inbox`; `nil` when none
    /// names one (only the journals' refusals are applied then).
    public var mailboxName: String? {
        mailbox ?? environment["DIGEST_INBOX"].flatMap { $0.isEmpty ? nil : $0 } ?? settings.list.inbox
    }

    /// The mailbox opened; a relative Maildir path is from the repository's folder.
    public func source() throws(InboxError) -> InboxSource? {
        guard let named = mailboxName else { return nil }
        guard let url = InboxURL(named) else {
            throw .source("the mailbox \(named) \(InboxURL.problem(with: named) ?? "cannot be read")")
        }
        switch url {
        case .maildir(let path):
            let folder = path.hasPrefix("/") ? URL(fileURLWithPath: path) : root.appendingPathComponent(path)
            return try MaildirInbox(root: folder, doneFolder: settings.list.inboxDone)
        case .imap(let url, _):
            if let problem = LoginEnvironment.problem(user: "DIGEST_IMAP_USER", password: "DIGEST_IMAP_PASSWORD", in: environment) {
                throw .source(problem)
            }
            return try ImapInbox(url: url, doneFolder: settings.list.inboxDone, environment: environment)
        }
    }

    /// The key unsubscribe tokens are checked with; `nil`, with a note, when the environment has none.
    public func key(note: (String) -> Void) throws(InboxError) -> UnsubscribeKey? {
        guard let secret = environment[UnsubscribeKey.environmentVariable], !secret.isEmpty else {
            note(
                "note: \(UnsubscribeKey.environmentVariable) is not set, so no unsubscribe token can be checked: only requests from the reader's own address are applied"
            )
            return nil
        }
        do { return try UnsubscribeKey(secret: secret) } catch { throw .source(error.description) }
    }

    /// Opens the mailbox, reads the key and the refusals, and runs the intake under the lock.
    /// Throws ``InboxError`` for a mailbox, state or setting to mend, `FileWriteError` when
    /// the lock cannot be taken, and `SubscriberError` for a damaged list.
    public func run(note: (String) -> Void) throws -> InboxReport {
        let source = try source()
        let key = try key(note: note)
        let listURL = root.appendingPathComponent("Subscribers/subscribers.csv")
        let digestFolder = root.appendingPathComponent(".digest")
        let refusals = JournalRefusals.read(folder: digestFolder.appendingPathComponent("journal"))
        for text in refusals.notes { note("note: \(text)") }
        let inboxFolder = digestFolder.appendingPathComponent("inbox")
        let state = try InboxState(url: inboxFolder.appendingPathComponent("state"))
        if state.damagedLines > 0 {
            note("note: \(state.damagedLines) lines of \(displayPath(state.url)) could not be read; their messages are read again")
        }
        // One intake at a time: two would read the same messages before either records them.
        let lock = try FileLock(path: inboxFolder.appendingPathComponent(".lock").path) {
            note("waiting for another digest inbox to finish")
        }
        defer { withExtendedLifetime(lock) {} }
        let intake = InboxIntake(
            listURL: listURL, listPath: displayPath(listURL), state: state, listID: settings.list.id, key: key,
            softBounceLimit: settings.list.softBounceLimit, today: today)
        return try intake.run(source: source, refusals: refusals.refusals)
    }
}
