import DigestMail

/// Where a send stands: the journal held against the list as it is now.
public struct SendStatus: Equatable, Sendable {
    /// Readers whose message was accepted (including any who have left the list since).
    public var sent = 0
    public var failed = 0
    public var uncertain = 0
    /// Subscribed readers with no message accepted, refused or in doubt: the next run's work.
    public var remaining = 0
    /// Rows on the list, and subscribed readers among them.
    public var listed = 0
    public var subscribed = 0
    private let record: SendRecord?

    /// The journal's side; ``count(_:)`` adds the list's, one reader at a time.
    public init(record: SendRecord) {
        self.record = record
        sent = record.sentCount
        for standing in record.unsettled.values {
            switch standing {
            case .failed: failed += 1
            case .uncertain: uncertain += 1
            case .sent, .deferred: break
            }
        }
    }

    public init(subscribers: some Sequence<Subscriber>, record: SendRecord) {
        self.init(record: record)
        for subscriber in subscribers { count(subscriber) }
    }

    public mutating func count(_ subscriber: Subscriber) {
        listed += 1
        guard subscriber.status == .subscribed else { return }
        subscribed += 1
        switch record?.standing(of: subscriber.key) {
        case nil, .deferred?: remaining += 1
        case .sent?, .failed?, .uncertain?: break
        }
    }

    public static func == (lhs: SendStatus, rhs: SendStatus) -> Bool {
        (lhs.sent, lhs.failed, lhs.uncertain, lhs.remaining, lhs.listed, lhs.subscribed)
            == (rhs.sent, rhs.failed, rhs.uncertain, rhs.remaining, rhs.listed, rhs.subscribed)
    }
}
