/// Where a reader stands after replaying the journal.
public enum ReaderStanding: Equatable, Sendable {
    case accepted
    case refused(reply: String)
    /// Not sent, and sent on the next run.
    case deferred(reason: String)
    case uncertain(reason: String)
}
