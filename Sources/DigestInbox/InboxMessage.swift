/// What one message in the list's mailbox is, as far as the list is concerned.
public enum InboxMessage: Sendable {
    case unsubscribe(UnsubscribeRequest)
    case deliveryStatus(DeliveryReport)
    case complaint(Complaint)
    /// Anything else (an auto-reply, a reader's letter, spam): never touched.
    case other(String)
}

/// A mail to the `List-Unsubscribe` address: `unsubscribe READER TOKEN` in its subject.
public struct UnsubscribeRequest: Sendable, Equatable {
    /// The reader named in the subject (percent-decoded), if any.
    public var reader: String?
    public var token: String?
    /// The sender's address (From), if it has one.
    public var from: String?
}

/// The headers of the message a report is about, as far as they were attached.
public struct OriginalMessage: Sendable, Equatable {
    public var messageID: String?
    /// Our own `List-Unsubscribe` header, which names the reader with their token.
    public var listUnsubscribe: String?
    public var to: String?
}

/// An RFC 3464 delivery status notification.
public struct DeliveryReport: Sendable, Equatable {
    /// One recipient's fields.
    public struct Recipient: Sendable, Equatable {
        public var finalRecipient: String?
        public var originalRecipient: String?
        /// `failed`, `delayed`, `delivered`, `relayed`, `expanded`.
        public var action: String
        public var status: StatusCode?
        public var diagnostic: String?
    }

    public var recipients: [Recipient]
    public var original: OriginalMessage?
    /// Who sent the report (`Reporting-MTA`), for the reason kept.
    public var reportingMTA: String?
}

/// An RFC 5965 abuse report (a reader pressed "this is spam").
public struct Complaint: Sendable, Equatable {
    /// `abuse`, `fraud`, `virus`, `other`, `not-spam`.
    public var feedbackType: String
    /// The reporting system (`Yahoo!-Mail-Feedback/2.0`).
    public var userAgent: String?
    public var originalRecipient: String?
    public var original: OriginalMessage?
}
