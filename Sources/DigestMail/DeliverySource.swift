import DigestCore

/// Hands messages to a transport and hears what became of each: the send job, which keeps
/// the journal. A transport with several connections calls it from several threads, one
/// call at a time, unless the source says it takes calls from several threads at once.
public protocol DeliverySource: AnyObject {
    /// The next message; `nil` when none is left.
    func next() throws -> OutgoingMessage?
    /// Called when `message` reaches its commit point (the final dot of SMTP DATA, the link
    /// into the outbox), before it is committed: the source records its intent.
    func willCommit(_ message: OutgoingMessage) throws
    /// Records what became of `message`.
    func finished(_ message: OutgoingMessage, _ outcome: DeliveryOutcome) throws
    /// Whether its calls may come from several threads at once.
    var takesCallsConcurrently: Bool { get }
}

extension DeliverySource {
    /// A source takes one call at a time unless it says otherwise.
    public var takesCallsConcurrently: Bool { false }

    /// The next message whose recipient can go into an envelope or a request; a reader whose
    /// address fails DigestCore's check is refused on the way, never sent. Both mail routes
    /// take their messages through here, the last place an unchecked address could pass.
    public func nextDeliverable() throws -> OutgoingMessage? {
        while let message = try next() {
            if let problem = EmailAddressCheck.problem(with: message.recipient) {
                try finished(message, .refused(reply: "not sent: \(message.recipient) \(problem)"))
                continue
            }
            return message
        }
        return nil
    }
}
