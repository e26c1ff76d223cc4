import DigestCore
import Foundation

/// Where an issue's send journal lives. A send through SMTP is the publication's history
/// and sits beside the list, to be committed; a send to the outbox mails nobody and keeps
/// its journal in the (git-ignored) outbox.
public enum JournalLocation {
    public static func url(root: URL, settings: Settings, issueFile: String, toOutbox: Bool) -> URL {
        let stem = URL(fileURLWithPath: issueFile).deletingPathExtension().lastPathComponent
        let folder =
            toOutbox
            ? root.appendingPathComponent(settings.folders.outbox)
            : root.appendingPathComponent("Subscribers").appendingPathComponent("journal")
        return folder.appendingPathComponent("\(stem).journal")
    }
}
