import DigestCore
import Foundation

/// Where an issue's records of sending live.
///
/// A send through SMTP keeps its full journal, every address in it, on the machine that
/// sent, in the git-ignored `.digest/journal/` (a journal of 100,000 readers is about 30 MB
/// and lists every subscriber: nothing to spread through git history), and writes the small
/// `SentSummary` (DigestJournal) editors commit, `Subscribers/sent/vol-2.6.sent`. Journals from
/// before, committed in `Subscribers/journal/`, are still read. A send to the outbox mails
/// nobody and keeps its journal in the (git-ignored) outbox, with no summary.
///
/// Each is named after the issue (`vol-2.6`), not its file, so renaming the file (a changed
/// date) cannot start the send over, and two files of one issue share one journal.
public enum JournalLocation {
    /// The full journal a send writes.
    public static func url(root: URL, settings: Settings, issueKey: String, toOutbox: Bool) -> URL {
        let folder =
            toOutbox
            ? root.appendingPathComponent(settings.folders.outbox)
            : root.appendingPathComponent(".digest").appendingPathComponent("journal")
        return folder.appendingPathComponent("\(issueKey).journal")
    }

    /// The full journal a send writes: in `outbox` for a send to an outbox, else (`nil`) in
    /// `.digest/journal/`.
    public static func url(root: URL, outbox: URL?, issueKey: String) -> URL {
        let folder = outbox ?? root.appendingPathComponent(".digest").appendingPathComponent("journal")
        return folder.appendingPathComponent("\(issueKey).journal")
    }

    /// Where SMTP journals were kept (and committed) before they moved to `.digest/journal/`.
    public static func legacyURL(root: URL, issueKey: String) -> URL {
        root.appendingPathComponent("Subscribers").appendingPathComponent("journal").appendingPathComponent("\(issueKey).journal")
    }

    /// The committed summary of an SMTP send.
    public static func summaryURL(root: URL, issueKey: String) -> URL {
        root.appendingPathComponent("Subscribers").appendingPathComponent("sent").appendingPathComponent("\(issueKey).sent")
    }
}
