import DigestCore
import Foundation
import Synchronization

/// What became of one message.
public enum DeliveryOutcome: Equatable, Sendable {
    /// The server took the message (its reply, with the queue id), or the outbox holds it.
    case accepted(reply: String)
    /// The server refused the message for good (5xx): the reader is not mailed again.
    case refused(reply: String)
    /// The message was certainly not delivered (a 4xx after every retry, or the send
    /// stopped first): the next run sends it.
    case deferred(reason: String)
    /// The whole message had been handed over when the connection failed: the server may
    /// or may not have taken it, and only `--resend-uncertain` sends it again.
    case uncertain(reason: String)
}

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

/// A request to stop taking new messages (Ctrl-C, SIGTERM, SIGHUP), safe to set from any thread.
///
/// Read without a lock: every connection's libcurl asks it many times a message (its
/// progress callback), and K threads taking turns at one lock for that cost a send time.
public final class StopSignal: Sendable {
    /// The monotonic clock's nanoseconds at the first request, plus one (0: none yet).
    private let requested = Atomic<UInt64>(0)

    public init() {}

    public var isRequested: Bool { requested.load(ordering: .acquiring) != 0 }

    /// Seconds since the first request (on the monotonic clock); `nil` before one.
    public var secondsSinceRequest: Double? {
        let stamp = requested.load(ordering: .acquiring)
        guard stamp != 0 else { return nil }
        return Double(Self.nanoseconds &- (stamp &- 1)) / 1e9
    }

    public func request() {
        _ = requested.compareExchange(expected: 0, desired: Self.nanoseconds &+ 1, ordering: .acquiringAndReleasing)
    }

    static var nanoseconds: UInt64 { DispatchTime.now().uptimeNanoseconds }
}

/// A failure that would hit every reader, so the send stops instead of marking them all.
public struct DeliveryFailure: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// How often and how patiently a message that met a temporary failure is tried again.
public struct RetryPolicy: Sendable {
    /// Tries per message, the first included.
    public var attempts: Int
    /// The wait before the second try; each later wait doubles, up to `maximumDelay`.
    public var initialDelay: Double
    public var maximumDelay: Double

    public init(attempts: Int = 5, initialDelay: Double = 2, maximumDelay: Double = 60) {
        self.attempts = attempts
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
    }

    /// The wait before try `attempt` (2 for the first retry): exponential, with "equal
    /// jitter" so that parallel connections do not retry in step.
    public func delay(beforeAttempt attempt: Int, random: Double = Double.random(in: 0..<1)) -> Double {
        let exponential = min(maximumDelay, initialDelay * pow(2, Double(max(0, attempt - 2))))
        return exponential / 2 + exponential / 2 * random
    }
}
