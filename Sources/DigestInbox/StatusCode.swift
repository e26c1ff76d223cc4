/// An RFC 3463 enhanced status code, `class.subject.detail` (`5.1.1`, `4.2.2`, `5.1.10`).
public struct StatusCode: Sendable, Equatable, CustomStringConvertible {
    public var statusClass: Int
    public var subject: Int
    public var detail: Int

    /// What a code says about the reader's mailbox.
    public enum Meaning: Sendable, Equatable {
        /// The mailbox does not exist or will never take mail (5.1.x but for the sender's
        /// own address, 5.1.7 and 5.1.8): the reader is bounced at once.
        case permanent
        /// A failure that may pass: 4.x.x, a full or disabled mailbox (x.2.x), a system or
        /// routing problem (x.3.x, x.4.x). Counted, and bounced only past the policy.
        case transient
        /// A refusal about the message or its sender, not the reader (x.5.x protocol, x.6.x
        /// content, x.7.x policy and authentication, 5.1.7 and 5.1.8): the editor's to look at.
        case aboutTheSender
        /// Success (2.x.x).
        case delivered
    }

    /// The first code in `text` (`smtp; 550-5.1.1 The email account…`, `5.1.1 (bad destination mailbox)`).
    public init?(_ text: String) {
        for word in text.split(whereSeparator: { !($0.isASCII && ($0.isNumber || $0 == ".")) }).prefix(40) {
            let parts = word.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 3, let first = Int(parts[0]), [2, 4, 5].contains(first), parts[0].count == 1,
                let second = Int(parts[1]), parts[1].count <= 3, let third = Int(parts[2]), parts[2].count <= 3
            else { continue }
            statusClass = first
            subject = second
            detail = third
            return
        }
        return nil
    }

    public var description: String { "\(statusClass).\(subject).\(detail)" }

    public var meaning: Meaning {
        switch (statusClass, subject, detail) {
        case (2, _, _): .delivered
        case (_, 1, 7), (_, 1, 8), (_, 5, _), (_, 6, _), (_, 7, _): .aboutTheSender
        case (5, 1, _): .permanent
        default: .transient
        }
    }
}
