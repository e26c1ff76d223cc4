import DigestMail

/// Where a send stands: the journal held against the list as it is now.
public struct SendStatus: Equatable, Sendable {
    /// Readers whose message was accepted (including any who have left the list since).
    public var sent = 0
    public var failed = 0
    public var uncertain = 0
    /// Subscribed readers with no message accepted, refused or in doubt: the next run's work.
    public var remaining = 0

    public init(subscribers: some Sequence<Subscriber>, record: SendRecord) {
        sent = record.sentCount
        for standing in record.unsettled.values {
            switch standing {
            case .failed: failed += 1
            case .uncertain: uncertain += 1
            case .sent, .deferred: break
            }
        }
        for subscriber in subscribers where subscriber.status == .subscribed {
            switch record.standing(of: subscriber.key) {
            case nil, .deferred?: remaining += 1
            case .sent?, .failed?, .uncertain?: break
            }
        }
    }
}
