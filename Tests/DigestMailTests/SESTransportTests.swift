import DigestCore
import DigestTestSupport
import Foundation
import Testing

@testable import DigestMail

/// The SES route against moto behind a proxy that checks every request's SigV4 signature
/// with botocore and misbehaves on request: every message arrives as made, signed right;
/// each fault gives its outcome, and no reader is ever mailed twice without being reported
/// uncertain.
@Suite("SESTransport", .enabled(if: sesEmulatorAvailable, "python3 -m pip install 'moto[server]' botocore (.ci/setup --test does)"))
struct SESTransportTests {
    static let sender = "egulum@spfusa.org"
    /// Retries that come quickly, so that a test waits on them little.
    static let quickRetry = RetryPolicy(attempts: 3, initialDelay: 0.05, maximumDelay: 0.2)

    func transport(
        _ emulator: SESEmulator, connections: Int = 2, rate: Double? = nil, retry: RetryPolicy = quickRetry, requestTimeout: Int = 60,
        sessionToken: String? = nil
    ) throws -> SESTransport {
        let credentials = try SESCredentials(environment: emulator.credentials)
        let service = SESService(
            region: "us-east-1", endpoint: emulator.endpoint, credentials: credentials, connectTimeout: 5, requestTimeout: requestTimeout)
        return SESTransport(service: service, sender: Self.sender, connections: connections, rate: rate, retry: retry)
    }

    func readers(_ count: Int) -> [String] { (0..<count).map { "reader\($0)@example.org" } }

    @Test("every reader's message arrives at moto byte for byte, one recipient each, with no signature mismatch")
    func delivers() throws {
        let emulator = try SESEmulator(verify: [Self.sender])
        let messages = try testMessages(readers(24), textSize: 5000)
        let source = RecordingSource(messages)
        let ses = try transport(emulator, connections: 4)
        try ses.deliver(from: source, stop: StopSignal())
        #expect(source.count(\.isAccepted) == 24)
        #expect(source.commits == 24, "an intent before each request")
        let replies = source.outcomes.values.compactMap { if case .accepted(let reply) = $0 { reply } else { nil } }
        #expect(replies.allSatisfy { $0.hasPrefix("SES MessageId ") }, "\(replies.prefix(3))")
        let arrived = try emulator.messages()
        #expect(arrived.count == 24)
        let sent = Dictionary(uniqueKeysWithValues: messages.map { ($0.recipient, Data($0.bytes)) })
        for message in arrived {
            #expect(message.addresses.count == 1, "\(message.destinations)")
            let reader = try #require(message.destinations.first)
            #expect(message.raw == sent[reader], "\(reader)'s message arrived changed")
        }
        #expect(Set(arrived.compactMap(\.destinations.first)) == Set(sent.keys))
        #expect(try emailDefects(arrived.map(\.raw)).filter { !$0.isEmpty } == [])
        #expect(emulator.mismatches == [])
        #expect(emulator.log().filter { $0.hasPrefix("request ") }.count == 24)
    }

    @Test("a session token is sent and signed with the rest")
    func sessionToken() throws {
        let emulator = try SESEmulator(verify: [Self.sender], sessionToken: "FwoGZXIvYXdzEJr//////////token+/=")
        let source = RecordingSource(try testMessages(readers(2)))
        try transport(emulator).deliver(from: source, stop: StopSignal())
        #expect(source.count(\.isAccepted) == 2)
        #expect(emulator.mismatches == [])
        // The same request without the token is refused by the proxy: the check can fail.
        let tokenless = try SESEmulator(verify: [Self.sender], sessionToken: "expected-but-not-sent")
        let refused = RecordingSource(try testMessages(readers(1)))
        let withoutToken = SESTransport(
            service: SESService(
                region: "us-east-1", endpoint: tokenless.endpoint,
                credentials: SESCredentials(accessKey: tokenless.accessKey, secretKey: tokenless.secretKey)),
            sender: Self.sender, retry: Self.quickRetry)
        #expect(throws: DeliveryFailure.self) { try withoutToken.deliver(from: refused, stop: StopSignal()) }
        #expect(refused.count(\.isAccepted) == 0)
    }

    @Test("throttling and server errors are tried again and delivered once; a refused address is refused")
    func retries() throws {
        let emulator = try SESEmulator(verify: [Self.sender], faults: ["throttle@2", "error500@4", "reject-recipient@6"])
        let source = RecordingSource(try testMessages(readers(8)))
        try transport(emulator, connections: 1).deliver(from: source, stop: StopSignal())
        // Requests 2 and 4 were answered with errors and tried again; request 6 was the reader refused.
        #expect(source.count(\.isAccepted) == 7)
        #expect(source.count(\.isRefused) == 1)
        let refused = source.outcomes.first { $0.value.isRefused }
        #expect(refused?.value == .refused(reply: "HTTP 400 BadRequestException: Illegal address"))
        let arrived = try emulator.messages()
        #expect(arrived.count == 7)
        #expect(Set(arrived.compactMap(\.destinations.first)).count == 7, "nobody twice")
        let faults = emulator.log().filter { $0.hasPrefix("fault ") }
        #expect(faults.contains { $0.hasPrefix("fault throttle 2 ") } && faults.contains { $0.hasPrefix("fault error500 4 ") }, "\(faults)")
    }

    @Test("throttling on every try defers the message, never sends it twice")
    func throttledOut() throws {
        let emulator = try SESEmulator(verify: [Self.sender], faults: ["throttle@1-3"])
        let source = RecordingSource(try testMessages(readers(1)))
        try transport(emulator, connections: 1).deliver(from: source, stop: StopSignal())
        let outcome = try #require(source.outcomes["reader0@example.org"])
        #expect(outcome.isDeferred, "\(outcome)")
        #expect(try emulator.messages().isEmpty)
    }

    @Test("refusals of every reader in a row stop the send and mark nobody; a refusal a later message proves is kept")
    func refusalsInARow() throws {
        let emulator = try SESEmulator(verify: [Self.sender], faults: ["reject-recipient@2", "reject-recipient@4-13"])
        let source = RecordingSource(try testMessages(readers(16)))
        let failure = try #require(throws: DeliveryFailure.self) {
            try transport(emulator, connections: 1).deliver(from: source, stop: StopSignal())
        }
        #expect(failure.message.contains("refused 10 messages in a row"), "\(failure.message)")
        // The second reader's refusal came before the third was taken: theirs alone.
        #expect(source.outcomes["reader1@example.org"]?.isRefused == true)
        #expect(source.count(\.isRefused) == 1, "\(source.outcomes)")
        #expect(source.count(\.isAccepted) == 2)
        #expect(source.count(\.isDeferred) == 10)
        #expect(source.outcomes.count == source.handedOut, "every message handed out is settled")
    }

    @Test("a Retry-After past any wait (1e20 seconds) defers the message, and the send goes on")
    func retryAfterPastAnyWait() throws {
        let emulator = try SESEmulator(verify: [Self.sender], faults: ["throttle-forever@1"])
        let source = RecordingSource(try testMessages(readers(2)))
        try transport(emulator, connections: 1).deliver(from: source, stop: StopSignal())
        let outcome = try #require(source.outcomes["reader0@example.org"])
        #expect(outcome.isDeferred && "\(outcome)".contains("longer than anyone waits"), "\(outcome)")
        #expect(source.outcomes["reader1@example.org"]?.isAccepted == true)
    }

    @Test(
        "a connection dropped after the body went out, or an answer that never comes, leaves the reader uncertain and unsent again",
        arguments: ["drop", "drop-after-send", "hang"])
    func lostAnswers(fault: String) throws {
        // The hang is given up after 10 s: long enough that no answer from a loaded machine is taken for it.
        let emulator = try SESEmulator(verify: [Self.sender], faults: ["\(fault)@3"])
        let source = RecordingSource(try testMessages(readers(6)))
        try transport(emulator, connections: 2, requestTimeout: 10).deliver(from: source, stop: StopSignal())
        #expect(source.count(\.isUncertain) == 1, "\(source.outcomes)")
        #expect(source.count(\.isAccepted) == 5)
        let uncertain = try #require(source.outcomes.first { $0.value.isUncertain }?.key)
        let arrived = try emulator.messages().compactMap(\.destinations.first)
        // drop-after-send reached moto, drop and hang did not; none was sent a second time.
        #expect(arrived.filter { $0 == uncertain }.count == (fault == "drop-after-send" ? 1 : 0), "\(arrived)")
        #expect(arrived.count == Set(arrived).count)
        #expect(emulator.log().filter { $0.hasPrefix("request ") }.count == 6, "no request was sent twice")
    }

    @Test("a server that cannot be reached: every message deferred after its tries, nothing uncertain")
    func unreachable() throws {
        let refusing = try RefusingPort()
        let service = SESService(
            region: "us-east-1", endpoint: "http://127.0.0.1:\(refusing.port)",
            credentials: SESCredentials(accessKey: "AKID", secretKey: "secret"))
        let source = RecordingSource(try testMessages(readers(3)))
        try SESTransport(service: service, sender: Self.sender, connections: 2, retry: Self.quickRetry).deliver(
            from: source, stop: StopSignal())
        #expect(source.count(\.isDeferred) == 3)
        #expect(source.commits == 0, "no request went out, so no intent")
        #expect(throws: DeliveryFailure.self) { _ = try SESTransport(service: service, sender: Self.sender).prepare(messages: 3) }
    }

    @Test("an unverified sender stops the send: nobody refused, the message in flight deferred")
    func unverifiedSender() throws {
        let emulator = try SESEmulator(verify: ["someone.else@example.org"])
        let source = RecordingSource(try testMessages(readers(10)))
        let failure = try #require(throws: DeliveryFailure.self) {
            try transport(emulator, connections: 2).deliver(from: source, stop: StopSignal())
        }
        #expect(failure.message.contains("refuses the message or the sender"), "\(failure.message)")
        #expect(failure.message.contains(Self.sender))
        #expect(source.count(\.isRefused) == 0 && source.count(\.isAccepted) == 0)
        #expect(source.outcomes.count == source.handedOut, "every message handed out is settled")
        #expect(source.handedOut <= 2, "no message after the refusal")
        #expect(try emulator.messages().isEmpty)
    }

    @Test("GetAccount throttled at first is asked again, and the 24 hours' limit still refuses a send past it")
    func quotaThrottled() throws {
        let emulator = try SESEmulator(
            verify: [Self.sender], account: #"{"Max24HourSend": 20, "MaxSendRate": 4, "SentLast24Hours": 12}"#, accountThrottles: 2)
        let failure = try #require(throws: DeliveryFailure.self) { _ = try transport(emulator, connections: 1).prepare(messages: 9) }
        #expect(failure.message.contains("allows 8 more in the next 24 hours"), "\(failure.message)")
        #expect(emulator.log().filter { $0.contains("GET /v2/email/account") }.count == 3)
    }

    @Test("GetAccount answered 404 NotFoundException leaves the quota unknown, with a note; the send goes on")
    func quotaNotFound() throws {
        let emulator = try SESEmulator(verify: [Self.sender], account: #""not-found""#)
        let ses = try transport(emulator, connections: 1)
        let note = try ses.prepare(messages: 2)
        #expect(note?.contains("did not answer GetAccount (HTTP 404 NotFoundException") == true, "\(note ?? "")")
        let source = RecordingSource(try testMessages(readers(2)))
        try ses.deliver(from: source, stop: StopSignal())
        #expect(source.count(\.isAccepted) == 2)
    }

    @Test("GetAccount's quota: a send past the 24-hour limit is refused with the numbers; the send is paced to the account's rate")
    func quota() throws {
        let emulator = try SESEmulator(
            verify: [Self.sender], account: #"{"Max24HourSend": 20, "MaxSendRate": 4, "SentLast24Hours": 12}"#)
        let ses = try transport(emulator, connections: 4, rate: 50)
        let failure = try #require(throws: DeliveryFailure.self) { _ = try ses.prepare(messages: 9) }
        #expect(
            failure.message.hasPrefix(
                "this send needs 9 messages but ses://us-east-1 at \(emulator.endpoint) allows 8 more in the next 24 hours (12 sent of 20)"),
            "\(failure.message)")
        #expect(try emulator.messages().isEmpty)
        let note = try ses.prepare(messages: 8)
        #expect(note?.hasSuffix("allows 4 messages a second; sending at that rate") == true, "\(note ?? "")")
        #expect(ses.rate == 4 && ses.quota?.maxSendRate == 4)
        let source = RecordingSource(try testMessages(readers(8)))
        let started = DispatchTime.now().uptimeNanoseconds
        try ses.deliver(from: source, stop: StopSignal())
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        #expect(source.count(\.isAccepted) == 8)
        // Eight starts at 4 a second span at least 7/4 s, less the bucket's 50 ms: a lower bound only.
        #expect(seconds >= 1.7, "8 messages at 4 a second took \(seconds) s")
        #expect(emulator.mismatches == [])
    }

    @Test("the send's requests go on the connection GetAccount opened: one connection at K = 1")
    func reusesConnection() throws {
        let emulator = try SESEmulator(
            verify: [Self.sender], account: #"{"Max24HourSend": 1000, "MaxSendRate": 1000, "SentLast24Hours": 0}"#)
        let ses = try transport(emulator, connections: 1)
        let before = emulator.connections
        _ = try ses.prepare(messages: 5)
        let source = RecordingSource(try testMessages(readers(5)))
        try ses.deliver(from: source, stop: StopSignal())
        #expect(source.count(\.isAccepted) == 5)
        let log = emulator.log()
        #expect(log.filter { $0.hasPrefix("request ") }.count == 6, "GetAccount and 5 SendEmail: \(log)")
        // Over HTTPS every connection costs SES's TLS handshake, a round trip or two more.
        #expect(emulator.connections == before + 1, "\(log)")
        #expect(emulator.mismatches == [])
    }

    @Test("GetAccount read ahead: it goes out before prepare asks, prepare takes its answer, the send its connection")
    func readsQuotaAhead() throws {
        let emulator = try SESEmulator(
            verify: [Self.sender], account: #"{"Max24HourSend": 1000, "MaxSendRate": 3, "SentLast24Hours": 0}"#)
        let ses = try transport(emulator, connections: 1)
        let before = emulator.connections
        ses.readQuotaAhead()
        #expect(emulator.waitForEvent("request 1 GET /v2/email/account"), "GetAccount went out before prepare: \(emulator.log())")
        // Told of 900 readers (two are sent): paced for longer than a minute, the note says how long.
        let note = try ses.prepare(messages: 900)
        #expect(
            note?.hasSuffix("allows 3 messages a second; sending at that rate (900 messages: about 5 minutes)") == true
                && ses.quota?.maxSendRate == 3, "\(note ?? "")")
        let source = RecordingSource(try testMessages(readers(2)))
        try ses.deliver(from: source, stop: StopSignal())
        #expect(source.count(\.isAccepted) == 2)
        let log = emulator.log().filter { $0.hasPrefix("request ") }
        #expect(log.filter { $0.hasSuffix("GET /v2/email/account") }.count == 1 && log.count == 3, "\(log)")
        #expect(emulator.connections == before + 1, "\(emulator.log())")
    }

    @Test("an endpoint without GetAccount (moto's own) is not an error: a note, and the send paced to --rate alone")
    func noAccount() throws {
        let emulator = try SESEmulator(verify: [Self.sender])
        let ses = try transport(emulator, rate: 20)
        let note = try #require(try ses.prepare(messages: 1_000_000))
        #expect(note.contains("did not answer GetAccount (HTTP 404"), "\(note)")
        #expect(note.hasSuffix("so the account's quota is unknown and the send is paced by --rate alone (20 a second)"), "\(note)")
        #expect(ses.rate == 20 && ses.quota == nil)
    }

    @Test("a paced send ends with its list, not one interval after its last message; a message fetched ahead and not sent is deferred")
    func pacedSendEndsWithItsList() throws {
        let emulator = try SESEmulator(verify: [Self.sender])
        // One message every 20 s: the send of one ended only after 20 s more before.
        let one = RecordingSource(try testMessages(readers(1)))
        let started = Date()
        try transport(emulator, rate: 0.05).deliver(from: one, stop: StopSignal())
        #expect(one.count(\.isAccepted) == 1)
        #expect(Date().timeIntervalSince(started) < 15, "waited for a slot no message needed")
        // Stopped once the first is settled: the next, fetched while its slot was waited for,
        // is deferred as never tried (not "attempt 0"), and nothing handed out is left unsaid.
        let inner = RecordingSource(try testMessages(readers(3)))
        let stop = StopSignal()
        try transport(emulator, rate: 0.05).deliver(from: StoppingSource(inner, stop, when: .finished(1)), stop: stop)
        #expect(inner.count(\.isAccepted) == 1 && inner.handedOut == 2 && inner.outcomes.count == 2, "\(inner.outcomes)")
        for case .deferred(let reason) in inner.outcomes.values {
            #expect(reason == "not sent: the send was stopped before its next try")
        }
    }

    @Test("a stop takes no new message; those in flight are finished")
    func stops() throws {
        let emulator = try SESEmulator(verify: [Self.sender])
        let inner = RecordingSource(try testMessages(readers(20)))
        let stop = StopSignal()
        try transport(emulator, connections: 2).deliver(from: StoppingSource(inner, stop, when: .committing), stop: stop)
        #expect(inner.handedOut <= 2)
        #expect(inner.outcomes.count == inner.handedOut)
        #expect(try emulator.messages().count == inner.count(\.isAccepted))
    }

    @Test("a stop waits its longest for an answer that never comes, then gives the message up as uncertain")
    func stopAbandonsHang() throws {
        let emulator = try SESEmulator(verify: [Self.sender], faults: ["hang@1"])
        let credentials = try SESCredentials(environment: emulator.credentials)
        let ses = SESTransport(
            service: SESService(region: "us-east-1", endpoint: emulator.endpoint, credentials: credentials), sender: Self.sender,
            connections: 1, retry: Self.quickRetry, longestStopWait: 1)
        let inner = RecordingSource(try testMessages(readers(3)))
        let stop = StopSignal()
        try ses.deliver(from: StoppingSource(inner, stop, when: .committing), stop: stop)
        #expect(inner.handedOut == 1)
        let outcome = try #require(inner.outcomes["reader0@example.org"])
        #expect(outcome.isUncertain, "\(outcome)")
    }
}

extension SESEmulator.Message {
    /// The addresses moto counted, without names: the request's Destination, then the To
    /// header's (`Reader 0 <reader0@example.org>`) again.
    var addresses: Set<String> {
        Set(
            destinations.map { entry in
                guard let open = entry.lastIndex(of: "<"), entry.hasSuffix(">") else { return entry }
                return String(entry[entry.index(after: open)..<entry.index(before: entry.endIndex)])
            })
    }
}
