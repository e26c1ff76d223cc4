/// A message a route holds for later: a retry until its next try falls due, or, not yet
/// tried, the next new message, fetched while the route waits for its rate to allow a start
/// (so that a send whose list has ended finishes then, not one interval later).
struct WaitingMessage {
    var message: OutgoingMessage
    /// Tries made so far: 0 for a message fetched ahead.
    var tries: Int
    /// When it may start, in the route's clock.
    var due: Double

    /// What a send that stopped before trying it again says of it, after why it stopped.
    var untriedNote: String { tries > 0 ? "; last try: attempt \(tries)" : "" }
}
