import DigestCore
import DigestJournal
import DigestMail
import DigestRender
import DigestSend
import DigestTestSupport
import Foundation
import Testing

/// A factory for the archived Vol 2.5, with a fixed key and date.
func makeFactory(settings: Settings = .thisRepository, issueKey: String = "vol-2.5") throws -> MessageFactory {
    let data = try Data(contentsOf: projectRoot.appendingPathComponent("seeds/archive/2023-03-23-vol-2.5.issue"))
    let issue = settings.parser.parse(bytes: Array(data), path: "vol-2.5").issue
    let renderer = try Renderer(templatesFolder: projectRoot.appendingPathComponent("Templates"), settings: settings)
    return MessageFactory(
        issue: issue, renderer: renderer, issueKey: issueKey, date: Date(timeIntervalSince1970: 1_679_562_000),
        key: try UnsubscribeKey(secret: "test-secret-0123456789abcdef"))
}

/// A transport that answers each message from a script, and counts what it was handed.
final class ScriptedTransport: Transport {
    var delivered: [String] = []
    var commits = 0
    let answer: (OutgoingMessage) -> DeliveryOutcome
    /// Stop after this many messages, as Ctrl-C would.
    let stopAfter: Int?

    init(stopAfter: Int? = nil, answer: @escaping (OutgoingMessage) -> DeliveryOutcome = { _ in .accepted(reply: "250 ok") }) {
        self.answer = answer
        self.stopAfter = stopAfter
    }

    func deliver(from source: DeliverySource, stop: StopSignal) throws {
        while !stop.isRequested, let message = try source.next() {
            try source.willCommit(message)
            delivered.append(message.recipient)
            try source.finished(message, answer(message))
            if let stopAfter, delivered.count >= stopAfter { stop.request() }
        }
    }
}

func readers(_ count: Int, from first: Int = 0) -> [Subscriber] {
    (first..<first + count).map { Subscriber(address: "reader\($0)@example.org", name: "Reader \($0)") }
}

/// Hands out `subscribers` one at a time, as a list file does.
func iterate(_ subscribers: [Subscriber]) -> () throws -> Subscriber? {
    var iterator = subscribers.makeIterator()
    return { iterator.next() }
}

func temporaryJournal() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("digest-send-\(UUID().uuidString)/vol-2.5.journal")
}

/// Runs one send of `subscribers` against `transport`, journaled at `url`.
@discardableResult
func runSend(
    _ subscribers: [Subscriber], transport: ScriptedTransport, journal url: URL, resendUncertain: Bool = false,
    retryRefused: Bool = false
) throws -> SendJob.Counts {
    let replay = try SendJournal.replay(at: url)
    let journal = try SendJournal(url: url)
    let job = SendJob(
        subscribers: iterate(subscribers), replay: replay, journal: journal,
        factory: try makeFactory(), resendUncertain: resendUncertain, retryRefused: retryRefused)
    try transport.deliver(from: job, stop: StopSignal())
    try job.close()
    return job.counts
}

@Suite("A send and its journal")
struct SendJobTests {
    @Test("a second run skips everyone accepted and sends only those never attempted")
    func resumes() throws {
        let url = temporaryJournal()
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let list = readers(10)
        // The first run stops after four messages, as Ctrl-C would.
        let first = ScriptedTransport(stopAfter: 4)
        let replay = try SendJournal.replay(at: url)
        do {
            let job = SendJob(
                subscribers: iterate(list), replay: replay, journal: try SendJournal(url: url), factory: try makeFactory(),
                resendUncertain: false)
            try first.deliver(from: job, stop: StopSignal())
            try job.close()
            #expect(job.counts.accepted == 4)
        }
        let second = ScriptedTransport()
        let counts = try runSend(list, transport: second, journal: url)
        #expect(Set(first.delivered).isDisjoint(with: second.delivered))
        #expect(Set(first.delivered + second.delivered) == Set(list.map(\.address)))
        #expect(counts.alreadyAccepted == first.delivered.count)
        #expect(second.commits == 0)
    }

    @Test("refused readers are not mailed again; deferred ones are; uncertain ones only with --resend-uncertain")
    func outcomes() throws {
        let url = temporaryJournal()
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let list = readers(6)
        let first = ScriptedTransport { message in
            switch message.recipient {
            case "reader1@example.org": .refused(reply: "550 5.1.1 no such user")
            case "reader2@example.org": .deferred(reason: "451 4.7.1 try later")
            case "reader3@example.org": .uncertain(reason: "connection lost after the final dot")
            default: .accepted(reply: "250 2.0.0 Ok: queued as X")
            }
        }
        let counts = try runSend(list, transport: first, journal: url)
        #expect(counts == .init(attempted: 6, accepted: 3, refused: 1, deferred: 1, uncertain: 1))

        let second = ScriptedTransport()
        let again = try runSend(list, transport: second, journal: url)
        #expect(second.delivered == ["reader2@example.org"])
        #expect(again.alreadyAccepted == 3 && again.alreadyRefused == 1 && again.alreadyUncertain == 1)

        let third = ScriptedTransport()
        try runSend(list, transport: third, journal: url, resendUncertain: true)
        #expect(third.delivered == ["reader3@example.org"])

        // --retry-refused: the refused reader, once, and after an acceptance never again.
        let fourth = ScriptedTransport()
        let retried = try runSend(list, transport: fourth, journal: url, retryRefused: true)
        #expect(fourth.delivered == ["reader1@example.org"])
        #expect(retried.accepted == 1 && retried.alreadyRefused == 0)
        let fifth = ScriptedTransport()
        try runSend(list, transport: fifth, journal: url, retryRefused: true)
        #expect(fifth.delivered.isEmpty)
    }

    @Test("readers who unsubscribe between runs are not mailed; readers added since are")
    func listChanges() throws {
        let url = temporaryJournal()
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        var list = readers(4)
        let first = ScriptedTransport(stopAfter: 2)
        do {
            let job = SendJob(
                subscribers: iterate(list), replay: try SendJournal.replay(at: url), journal: try SendJournal(url: url),
                factory: try makeFactory(), resendUncertain: false)
            try first.deliver(from: job, stop: StopSignal())
            try job.close()
        }
        list[3].status = .unsubscribed
        list += readers(2, from: 10)
        let second = ScriptedTransport()
        try runSend(list, transport: second, journal: url)
        // Two of the first three went in the first run (whichever the maker finished first),
        // the third now, then the readers added; never reader3, who left.
        let rest = ["reader0@example.org", "reader1@example.org", "reader2@example.org"].filter { !first.delivered.contains($0) }
        #expect(first.delivered.count == 2 && rest.count == 1)
        #expect(second.delivered.sorted() == (rest + ["reader10@example.org", "reader11@example.org"]).sorted())
        let status = SendStatus(subscribers: list, replay: try SendJournal.replay(at: url))
        #expect(status.accepted == 5 && status.remaining == 0 && status.refused == 0 && status.uncertain == 0)
        #expect(status.listed == 6 && status.subscribed == 5)
    }

    @Test("a message the settings make impossible (a header over 998 characters) stops the send and marks nobody")
    func unbuildableStops() throws {
        let url = temporaryJournal()
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        var settings = Settings.thisRepository
        settings.list.unsubscribeURL = "https://example.org/" + String(repeating: "u", count: 1_000)
        let job = SendJob(
            subscribers: iterate(readers(5)), replay: JournalReplay(), journal: try SendJournal(url: url),
            factory: try makeFactory(settings: settings), resendUncertain: false)
        let transport = ScriptedTransport()
        #expect(throws: DeliveryFailure.self) { try transport.deliver(from: job, stop: StopSignal()) }
        try job.close()
        #expect(transport.delivered.isEmpty)
        #expect(try SendJournal.replay(at: url).unsettled.isEmpty)
    }

    @Test("every message is addressed to one reader, with a Message-ID stable across runs and distinct per reader")
    func messageIDs() throws {
        let factory = try makeFactory()
        let first = try readers(50).map { try factory.message(for: $0) }
        let again = try readers(50).map { try makeFactory().message(for: $0) }
        #expect(first.map(\.messageID) == again.map(\.messageID))
        #expect(Set(first.map(\.messageID)).count == 50)
        #expect(first.allSatisfy { $0.messageID.hasPrefix("<vol-2.5.") && $0.messageID.hasSuffix("@alliance-digest.spfusa.org>") })
    }
}
