/// Refusals held back while a run of them lasts, for a transport that sends many messages
/// at once: a server that refuses the sender or the message may say so in words about each
/// reader, and marking the list from those words would refuse every reader for good.
///
/// A refusal counts as the reader's own once a message started after it is taken; `limit`
/// refusals in a row are the server refusing the send, which then stops with the held ones
/// deferred. Used by one thread at a time (the transport's lock or loop).
struct RefusalRun {
    let limit: Int
    private var held: [(message: OutgoingMessage, reply: String, startedBefore: Int)] = []

    init(limit: Int) { self.limit = max(1, limit) }

    /// Holds the refusal of `message`, which came when `started` messages had started;
    /// the reason the send stops when this refusal makes `limit` in a row, else `nil`.
    mutating func hold(_ message: OutgoingMessage, reply: String, started: Int, server: String) -> String? {
        held.append((message, reply, started))
        guard held.count >= limit else { return nil }
        return
            "\(server) refused \(held.count) messages in a row (last: \(reply)); it refuses the sender or the message, not the readers, so the send stopped and nobody was marked failed"
    }

    /// The refusals that a message taken, which started `order`-th, shows to be their
    /// readers' own (those that came before it started), no longer held.
    mutating func proven(byAcceptanceOf order: Int) -> [(message: OutgoingMessage, outcome: DeliveryOutcome)] {
        let proven = held.filter { $0.startedBefore < order }
        held.removeAll { $0.startedBefore < order }
        return proven.map { ($0.message, .refused(reply: $0.reply)) }
    }

    /// Every refusal still held, let go: refused when the send ran to its end
    /// (`deferredReason` nil), not sent when it stopped, since they are then sent again.
    mutating func release(asDeferred deferredReason: String?, server: String) -> [(message: OutgoingMessage, outcome: DeliveryOutcome)] {
        defer { held = [] }
        return held.map { refusal in
            (
                refusal.message,
                deferredReason.map { .deferred(reason: $0 + "; \(server) said: \(refusal.reply)") } ?? .refused(reply: refusal.reply)
            )
        }
    }
}
