import DigestCore
import DigestJournal
import DigestMail
import Foundation

/// One issue's records of sending through one route, as a send opens and leaves them: the
/// full journal on this machine (taken over from `Subscribers/journal/` where an older
/// digest left it there), and for SMTP sends the committed `SentSummary` (DigestMail) it continues and
/// rewrites. It refuses to go on when a record is damaged, was written with another secret,
/// or names another text of the issue than the one about to be sent.
public struct SendHistory: Sendable {
    public let issueKey: String
    public let toOutbox: Bool
    public let journalURL: URL
    /// Where an older digest kept the SMTP journal (`nil` for the outbox).
    public let legacyURL: URL?
    /// The committed summary (`nil` for the outbox, which has none).
    public let summaryURL: URL?
    /// A file's path as the editor should see it.
    let shown: @Sendable (URL) -> String

    public init(root: URL, settings: Settings, issueKey: String, toOutbox: Bool, displayPath: @escaping @Sendable (URL) -> String) {
        self.init(
            root: root, outbox: toOutbox ? root.appendingPathComponent(settings.folders.outbox) : nil, issueKey: issueKey,
            displayPath: displayPath)
    }

    /// The records of a send to the Maildir folder `outbox`, or through a mail server when it is `nil`.
    public init(root: URL, outbox: URL?, issueKey: String, displayPath: @escaping @Sendable (URL) -> String) {
        self.issueKey = issueKey
        let toOutbox = outbox != nil
        self.toOutbox = toOutbox
        journalURL = JournalLocation.url(root: root, outbox: outbox, issueKey: issueKey)
        legacyURL = toOutbox ? nil : JournalLocation.legacyURL(root: root, issueKey: issueKey)
        summaryURL = toOutbox ? nil : JournalLocation.summaryURL(root: root, issueKey: issueKey)
        shown = displayPath
    }

    /// Readers an SMTP send of the issue mailed, as its records say: the journal on this
    /// machine, or the committed summary on another. A send to the outbox mailed nobody.
    public static func readersSent(root: URL, issueKey: String, displayPath: @escaping @Sendable (URL) -> String) throws(SendHistoryError)
        -> Int
    {
        let history = SendHistory(root: root, outbox: nil, issueKey: issueKey, displayPath: displayPath)
        guard history.exists else { return 0 }
        let journal = try history.read(key: nil, toleratingDamage: true).tally.accepted
        return max(journal, try history.summary()?.accepted.count ?? 0)
    }

    /// Whether any record of this route exists.
    public var exists: Bool {
        [journalURL, legacyURL, summaryURL].contains { $0.map { FileManager.default.fileExists(atPath: $0.path) } ?? false }
    }

    /// The journal to read: this machine's, or the one an older digest committed.
    var readableJournal: URL {
        if let legacyURL, !FileManager.default.fileExists(atPath: journalURL.path), FileManager.default.fileExists(atPath: legacyURL.path) {
            return legacyURL
        }
        return journalURL
    }

    /// Opens the journal for a send of the issue whose ``MessageFactory/fingerprint`` is
    /// `fingerprint`, with what every record says so far, and notes the fingerprint in it.
    /// With `acceptChangedIssue` a text other than the one already sent is noted and sent.
    public func open(
        key: UnsubscribeKey, fingerprint: String, title: String, acceptChangedIssue: Bool
    ) throws(SendHistoryError) -> (SendJournal, JournalReplay) {
        try takeOverLegacyJournal()
        let journal: SendJournal
        do {
            journal = try SendJournal(url: journalURL)
        } catch {
            throw .journal(error)
        }
        do throws(SendHistoryError) {
            var replay = try read(key: key, toleratingDamage: false)
            if let recorded = replay.fingerprint, recorded != fingerprint {
                let tally = replay.tally
                let mailed = tally.accepted + tally.refused + tally.uncertain
                if mailed > 0 && !acceptChangedIssue {
                    throw SendHistoryError.changedIssue(
                        journal: shown(journalURL), issueKey: issueKey, accepted: tally.accepted, recorded: recorded, now: fingerprint)
                }
            }
            let note =
                replay.fingerprint.map { $0 == fingerprint ? title : "\(title) (changed from \($0), accepted with --accept-changed-issue)" }
                ?? title
            do {
                try journal.record(.issue, reader: "", messageID: fingerprint, detail: note)
            } catch {
                throw SendHistoryError.journal(error)
            }
            replay.noteFingerprint(fingerprint)
            return (journal, replay)
        } catch {
            journal.close()
            throw error
        }
    }

    /// What every record of this route says. `key` finds readers in the committed summary;
    /// without it the summary is not read (``summary()`` still gives its counts).
    public func read(key: UnsubscribeKey?, toleratingDamage: Bool) throws(SendHistoryError) -> JournalReplay {
        let url = readableJournal
        var replay: JournalReplay
        do {
            replay = try SendJournal.replay(at: url, path: shown(url), toleratingDamage: toleratingDamage)
        } catch {
            throw .journal(error)
        }
        if let key, let summary = try summary() {
            let hasher = ReaderHasher(key: key, issueKey: issueKey)
            guard summary.keyCheck == hasher.check else { throw .otherSecret(summary: shown(summaryURL!)) }
            replay.rest(on: summary, hasher: hasher)
        }
        return replay
    }

    /// The committed summary, if there is one.
    public func summary() throws(SendHistoryError) -> SentSummary? {
        guard let summaryURL else { return nil }
        do {
            return try SentSummary.read(at: summaryURL, path: shown(summaryURL))
        } catch {
            throw .journal(error)
        }
    }

    /// Rewrites the committed summary from the journal and the summary before it (SMTP sends
    /// only): called when a send ends, so what editors commit is never behind the machine.
    /// - Parameter journal: what the journal says, when the send that just ended knows it
    ///   without reading it again (``SendJob/journalAfterRun()``); `nil` to read it.
    public func writeSummary(
        key: UnsubscribeKey, title: String, date: Date = Date(), journal: consuming JournalReplay? = nil
    ) throws(SendHistoryError) {
        guard let summaryURL else { return }
        let updated = Self.iso8601(date)
        // The committed summary the send began on may have been changed under it (a pull
        // bringing another machine's): then only reading everything again says who was sent.
        let summary =
            if let replay = journal, replay.restsOn(try self.summary()) {
                summary(of: replay, key: key, title: title, updated: updated)
            } else {
                summary(of: try read(key: key, toleratingDamage: false), key: key, title: title, updated: updated)
            }
        // The record (a table of every reader sent) is let go before the file is written.
        _ = consume journal
        // A send that reached nobody (a refused login, say) leaves nothing to commit.
        if summary.readerCount == 0 && !FileManager.default.fileExists(atPath: summaryURL.path) { return }
        do {
            try summary.write(to: summaryURL)
        } catch {
            throw .journal(error)
        }
    }

    /// What `journal` and the summary before it say, as the summary to write.
    func summary(of journal: JournalReplay, key: UnsubscribeKey, title: String, updated: String) -> SentSummary {
        journal.summary(hasher: ReaderHasher(key: key, issueKey: issueKey), issueKey: issueKey, title: title, updated: updated)
    }

    /// `2026-12-06T01:23:45Z`, worked out by hand: DateFormatter's locale data (ICU) cost the
    /// end of a send 4.8 MB of memory for this one line.
    static func iso8601(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let time = seconds - days * 86_400
        let civil = IssueDate(dayNumber: days)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(civil.year)-\(two(civil.month))-\(two(civil.day))T\(two(time / 3_600)):\(two(time / 60 % 60)):\(two(time % 60))Z"
    }

    /// A journal an older digest committed under `Subscribers/journal/` is copied to this
    /// machine's place, once, and the send goes on there; the old file is left for the
    /// editor to remove from git.
    private func takeOverLegacyJournal() throws(SendHistoryError) {
        guard let legacyURL, !FileManager.default.fileExists(atPath: journalURL.path),
            FileManager.default.fileExists(atPath: legacyURL.path)
        else { return }
        do {
            try FileManager.default.createDirectory(at: journalURL.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: legacyURL, to: journalURL)
        } catch {
            throw .journal(.io(path: shown(journalURL), reason: "cannot take over \(shown(legacyURL)): \(error.localizedDescription)"))
        }
    }
}

/// Why a send's records stop it.
public enum SendHistoryError: Error, Sendable, CustomStringConvertible {
    case journal(JournalError)
    case changedIssue(journal: String, issueKey: String, accepted: Int, recorded: String, now: String)
    case otherSecret(summary: String)

    public var description: String {
        switch self {
        case .journal(let error): error.description
        case .changedIssue(let journal, let issueKey, let accepted, let recorded, let now):
            "this is not the text of \(issueKey) that \(accepted) reader\(accepted == 1 ? " was" : "s were") sent (\(journal) records issue \(recorded), this file is \(now)): a new issue needs its own number (`digest new` gives the next one); to finish this send with the edited text, so that the rest get it, run again with --accept-changed-issue; nothing was sent"
        case .otherSecret(let summary):
            "\(summary) was written with another DIGEST_UNSUBSCRIBE_SECRET, so it cannot tell who was mailed: set the secret the earlier send used; nothing was sent"
        }
    }

    /// Whether the error is in the records themselves (a damaged line), with file and line.
    public var isDamage: Bool {
        if case .journal(.damaged) = self { return true }
        return false
    }
}
