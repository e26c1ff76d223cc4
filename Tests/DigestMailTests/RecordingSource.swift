import DigestCore
import DigestMail
import DigestTestSupport
import Foundation

/// Hands out messages and records what became of each, as the send job does.
final class RecordingSource: DeliverySource {
    var pending: [OutgoingMessage]
    var outcomes: [String: DeliveryOutcome] = [:]
    var commits = 0
    var handedOut = 0

    init(_ messages: [OutgoingMessage]) {
        pending = messages
    }

    func next() throws -> OutgoingMessage? {
        guard !pending.isEmpty else { return nil }
        handedOut += 1
        return pending.removeFirst()
    }

    func willCommit(_ message: OutgoingMessage) throws { commits += 1 }

    func finished(_ message: OutgoingMessage, _ outcome: DeliveryOutcome) throws {
        precondition(outcomes[message.recipient] == nil, "\(message.recipient) finished twice")
        outcomes[message.recipient] = outcome
    }

    func count(_ matching: (DeliveryOutcome) -> Bool) -> Int { outcomes.values.filter(matching).count }
}

extension DeliveryOutcome {
    var isAccepted: Bool { if case .accepted = self { true } else { false } }
    var isRefused: Bool { if case .refused = self { true } else { false } }
    var isDeferred: Bool { if case .deferred = self { true } else { false } }
    var isUncertain: Bool { if case .uncertain = self { true } else { false } }
}

/// Messages to `readers`, `size` bytes of text or so each.
func testMessages(_ readers: [String], textSize: Int = 200) throws -> [OutgoingMessage] {
    let builder = MessageBuilder(settings: .thisRepository, issueKey: "vol-2.6", date: Date(timeIntervalSince1970: 1_680_771_600))
    var text = "Hello\n.\nA line with a dot\n"
    while text.utf8.count < textSize { text += "The Alliance Digest, line \(text.utf8.count), with some more words.\n" }
    return try readers.map { reader in
        try builder.build(
            for: Subscriber(address: reader, name: "Reader"), subject: "Vol 2.6", text: text, html: "<p>Hello</p>",
            unsubscribe: UnsubscribeLinks(mailto: "mailto:egulum@spfusa.org?subject=unsubscribe"), boundary: "b")
    }
}

/// A recording source that requests a stop at a chosen moment of the send, to test what a
/// transport does with the messages in flight then.
final class StoppingSource: DeliverySource {
    enum Moment {
        /// As the first message reaches its commit point (its final dot).
        case committing
        /// Once this many messages have an outcome.
        case finished(Int)
    }

    let inner: RecordingSource
    let stop: StopSignal
    let moment: Moment

    init(_ inner: RecordingSource, _ stop: StopSignal, when moment: Moment) {
        self.inner = inner
        self.stop = stop
        self.moment = moment
    }

    func next() throws -> OutgoingMessage? { try inner.next() }

    func willCommit(_ message: OutgoingMessage) throws {
        try inner.willCommit(message)
        if case .committing = moment { stop.request() }
    }

    func finished(_ message: OutgoingMessage, _ outcome: DeliveryOutcome) throws {
        try inner.finished(message, outcome)
        if case .finished(let count) = moment, inner.outcomes.count == count { stop.request() }
    }
}
