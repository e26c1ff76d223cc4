import DigestMail
import Foundation

/// The Maildir outbox (`maildir:PATH`): every message a file any mail client opens, nobody
/// mailed. The route when none is configured; its journal lives in the outbox, beside what
/// it records, with no committed summary.
public struct OutboxRoute: SendRoute {
    public let folder: URL
    /// `Outbox/`, as the editor sees the folder.
    public let shownFolder: String

    public init(folder: URL, shownFolder: String) {
        self.folder = folder
        self.shownFolder = shownFolder
    }

    public var destination: String { "the outbox \(shownFolder)/" }
    public var mailsReaders: Bool { false }
    public var outbox: URL? { folder }

    public func transport(sender: String, connections: Int, rate: Double?) throws -> any Transport {
        MaildirOutbox(folder: folder)
    }
}
