/// Where a reader stands after replaying the journal.
public enum ReaderStanding: Equatable, Sendable {
    case sent
    case failed(reply: String)
    /// Not sent, and sent on the next run.
    case deferred(reason: String)
    case uncertain(reason: String)
}
