import DigestMail
import Foundation

/// The message weighed once before a send: refused above `send.max-message-size`
/// (a server would refuse it, or every reader download it), and warned of when its HTML
/// is past the point where Gmail cuts it off.
public struct MessageSizeCheck: Sendable {
    /// Gmail shows the first 102 KB of a message's HTML and hides the rest (the footer with
    /// its unsubscribe link among it) behind "View entire message".
    public static let gmailClipping = 102 * 1024

    /// The whole message and its HTML edition, in bytes, for a reader with a long name and
    /// address (the per-reader parts are the only ones that vary).
    public let messageBytes: Int
    public let htmlBytes: Int
    public let limit: Int

    public init(factory: MessageFactory, limit: Int) throws(MessageError) {
        let sample = Subscriber(
            address: "a.reader.with.a.long.address@subscribers.example.org", name: "A Reader With A Long Name")
        (messageBytes, htmlBytes) = try factory.sizes(for: sample)
        self.limit = limit
    }

    /// Why the send is refused, or `nil`.
    public var refusal: String? {
        guard messageBytes > limit else { return nil }
        return
            "each message is \(Self.size(messageBytes)), over send.max-message-size (\(Self.size(limit))) in digest.yaml; make the issue shorter, or raise the limit if your server takes bigger messages; nothing was sent"
    }

    /// The warning to print before confirming, or `nil`.
    public var warning: String? {
        guard htmlBytes > Self.gmailClipping else { return nil }
        return
            "warning: the HTML edition is \(Self.size(htmlBytes)); Gmail cuts HTML off after 102 KB and hides the rest, the unsubscribe link included, behind “View entire message”"
    }

    /// `21.3 MB`, `130 KB`, `512 bytes`, in 1,024s.
    public static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 20 {
            let megabytes = Double(bytes) / Double(1 << 20)
            return megabytes == megabytes.rounded() ? "\(Int(megabytes)) MB" : String(format: "%.1f MB", megabytes)
        }
        if bytes >= 1024 { return "\(bytes / 1024) KB" }
        return "\(bytes) bytes"
    }
}
