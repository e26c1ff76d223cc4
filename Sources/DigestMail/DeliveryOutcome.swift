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
