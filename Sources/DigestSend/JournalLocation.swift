import DigestCore
import Foundation

/// Where an issue's send journal lives. A send through SMTP is the publication's history
/// and sits beside the list, to be committed; a send to the outbox mails nobody and keeps
/// its journal in the (git-ignored) outbox.
///
/// It is named after the issue (`vol-2.6.journal`), not its file, so renaming the file (a
/// changed date) cannot start the send over, and two files of one issue share one journal.
public enum JournalLocation {
    public static func url(root: URL, settings: Settings, issueKey: String, toOutbox: Bool) -> URL {
        let folder =
            toOutbox
            ? root.appendingPathComponent(settings.folders.outbox)
            : root.appendingPathComponent("Subscribers").appendingPathComponent("journal")
        return folder.appendingPathComponent("\(issueKey).journal")
    }
}
