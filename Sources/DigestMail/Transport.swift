/// Carries messages to readers: SMTP or a Maildir outbox.
public protocol Transport {
    /// Delivers every message `source` gives until it gives none or `stop` is requested, and
    /// reports each outcome back to it; messages already handed out are always finished.
    /// Throws when a failure would hit every reader (a refused login, a TLS failure, an
    /// unreachable server), after reporting the messages in flight.
    func deliver(from source: DeliverySource, stop: StopSignal) throws

    /// The longest, in seconds, a stop request waits for the messages in flight before it
    /// gives them up (and records them as not sent, or uncertain after the final dot).
    var stopWait: Double { get }

    /// Checks, once the send knows how many messages it has and before anyone is asked or
    /// mailed, that the route can take them: a provider's quota. Returns a note for the
    /// editor, if any; throws ``DeliveryFailure`` when the send must not start.
    func prepare(messages: Int) throws -> String?
}

extension Transport {
    /// A transport that finishes each message at once has nothing to wait for.
    public var stopWait: Double { 1 }

    /// A transport without a quota takes any number of messages.
    public func prepare(messages: Int) throws -> String? { nil }
}
