import DigestCore
import DigestJournal
import DigestMail
import DigestRender
import DigestTestSupport
import Foundation
import Testing

@testable import DigestSend

/// A repository folder of its own, for one test.
struct HistoryRoot {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("digest-history-\(UUID().uuidString)")
    let key = try! UnsubscribeKey(secret: "test-secret-0123456789abcdef")

    func history(toOutbox: Bool = false) -> SendHistory {
        SendHistory(root: root, settings: .thisRepository, issueKey: "vol-2.5", toOutbox: toOutbox) { $0.lastPathComponent }
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: root)
    }

    /// One run: opens the history as a send does, sends `subscribers` (stopping after
    /// `stopAfter`), closes and rewrites the summary.
    @discardableResult
    func send(
        _ subscribers: [Subscriber], stopAfter: Int? = nil, fingerprint: String = "f1", accept: Bool = false, resendUncertain: Bool = false,
        answer: @escaping (OutgoingMessage) -> DeliveryOutcome = { _ in .accepted(reply: "250 ok") }
    ) throws -> ScriptedTransport {
        let (history, _, job) = try startRun(subscribers, fingerprint: fingerprint, accept: accept, resendUncertain: resendUncertain)
        let transport = ScriptedTransport(stopAfter: stopAfter, answer: answer)
        try transport.deliver(from: job, stop: StopSignal())
        try job.close()
        // As `digest send` writes it: from what the run settled, without reading the journal again.
        try history.writeSummary(key: key, title: "Vol 2.5", date: Self.date, journal: job.journalAfterRun())
        return transport
    }

    /// Opens the history as a send does and makes the run's job, for a test to drive.
    func startRun(
        _ subscribers: [Subscriber], fingerprint: String = "f1", accept: Bool = false, resendUncertain: Bool = false
    ) throws -> (SendHistory, SendJournal, SendJob) {
        let history = history()
        let (journal, replay) = try history.open(key: key, fingerprint: fingerprint, title: "Vol 2.5", acceptChangedIssue: accept)
        let job = SendJob(
            subscribers: iterate(subscribers), replay: replay, journal: journal, factory: try makeFactory(),
            resendUncertain: resendUncertain, expected: subscribers.count)
        return (history, journal, job)
    }

    static let date = Date(timeIntervalSince1970: 1_765_000_000)
}

@Suite("Where a send's record lives: the journal on the machine, the summary in git")
struct SendHistoryTests {
    @Test("the summary a send writes from what it settled is byte for byte the one its journal gives when read again")
    func summaryFromMemory() throws {
        let place = HistoryRoot()
        defer { place.cleanUp() }
        let list = readers(300)
        func readAgain() throws -> [UInt8] {
            let history = place.history()
            let text = try Data(contentsOf: history.summaryURL!)
            try history.writeSummary(key: place.key, title: "Vol 2.5", date: HistoryRoot.date)
            #expect(try Data(contentsOf: history.summaryURL!) == text)
            return Array(text)
        }
        // Every kind of outcome, a stop part-way, then runs that go on from it and resend.
        let mixed: (OutgoingMessage) -> DeliveryOutcome = { message in
            let number = Int(message.recipient.dropFirst(6).prefix { $0.isNumber }) ?? 0
            switch number % 7 {
            case 1: return .refused(reply: "550 5.1.1 no such user")
            case 2: return .deferred(reason: "451 4.3.0 try later")
            case 3: return .uncertain(reason: "no reply to the final dot")
            default: return .accepted(reply: "250 ok")
            }
        }
        try place.send(list, stopAfter: 120, answer: mixed)
        let first = try readAgain()
        try place.send(list, answer: mixed)
        #expect(try readAgain() != first)
        try place.send(list, resendUncertain: true)
        _ = try readAgain()
        // A fresh clone: only the summary, which the next run's summary continues.
        try FileManager.default.removeItem(at: place.root.appendingPathComponent(".digest"))
        try place.send(list + readers(40, from: 300), answer: mixed)
        _ = try readAgain()
    }

    @Test("a committed summary changed during a send (another machine's, pulled) is read again, never overwritten with less")
    func summaryChangedDuringSend() throws {
        let place = HistoryRoot()
        defer { place.cleanUp() }
        try place.send(readers(10), stopAfter: 4)
        try FileManager.default.removeItem(at: place.root.appendingPathComponent(".digest"))
        let (history, _, job) = try place.startRun(readers(10))
        try ScriptedTransport().deliver(from: job, stop: StopSignal())
        try job.close()
        // Meanwhile another machine sent readers 10 to 14 and its summary was pulled.
        let hasher = ReaderHasher(key: place.key, issueKey: "vol-2.5")
        let before = try #require(try history.summary())
        let pulled = SentSummary(
            issueKey: before.issueKey, title: before.title, fingerprint: before.fingerprint, updated: "2026-12-06T12:00:00Z",
            keyCheck: before.keyCheck, accepted: before.accepted + readers(5, from: 10).map { hasher.hash(reader: $0.key) }, refused: [],
            uncertain: [])
        try pulled.write(to: history.summaryURL!)
        try history.writeSummary(key: place.key, title: "Vol 2.5", journal: job.journalAfterRun())
        let written = try #require(try history.summary())
        #expect(written.accepted.count == 15)
        for reader in readers(15) { #expect(written.kind(of: hasher.hash(reader: reader.key)) == .accepted, "\(reader.address)") }
    }

    @Test("a journal line that cannot be written leaves the summary to a reading of the journal")
    func missingLineReadsAgain() throws {
        let place = HistoryRoot()
        defer { place.cleanUp() }
        let (history, journal, job) = try place.startRun(readers(20))
        var sent = 0
        #expect(throws: (any Error).self) {
            while let message = try job.next() {
                try job.willCommit(message)
                sent += 1
                // The journal goes (a disk gone, say) with the fifth message in flight.
                if sent == 5 { journal.close() }
                try job.finished(message, .accepted(reply: "250 ok"))
            }
        }
        #expect(job.journalAfterRun() == nil)
        try history.writeSummary(key: place.key, title: "Vol 2.5", journal: job.journalAfterRun())
        // Four accepted lines reached the journal; the fifth reader's intent is uncertain.
        let written = try #require(try history.summary())
        #expect(written.counts.accepted == 4 && written.counts.uncertain == 1)
    }

    @Test("a summary of 100,000 readers is under a megabyte, names no address, and tells a fresh clone who was sent")
    func hundredThousand() throws {
        let place = HistoryRoot()
        defer { place.cleanUp() }
        let history = place.history()
        try FileManager.default.createDirectory(at: history.journalURL.deletingLastPathComponent(), withIntermediateDirectories: true)
        var text = ""
        for index in 0..<100_000 {
            text += "intent\treader\(index)@example.org\t<\(index)@x>\t\naccepted\treader\(index)@example.org\t<\(index)@x>\t250 ok\n"
        }
        try Data(text.utf8).write(to: history.journalURL)
        try history.writeSummary(key: place.key, title: "Vol 2.5")
        let summary = try Data(contentsOf: history.summaryURL!)
        let journalSize = try Data(contentsOf: history.journalURL).count
        print("sent summary of 100,000 readers: \(summary.count) bytes (the journal: \(journalSize) bytes)")
        #expect(summary.count <= 1_000_000)
        #expect(!summary.contains(UInt8(ascii: "@")))

        // A fresh clone: the journal is not there, the committed summary is.
        try FileManager.default.removeItem(at: history.journalURL)
        let replay = try history.read(key: place.key, toleratingDamage: false)
        #expect(replay.acceptedCount == 100_000)
        #expect(replay.standing(of: "reader0@example.org") == .accepted && replay.standing(of: "reader99999@example.org") == .accepted)
        #expect(replay.standing(of: "reader100000@example.org") == nil)
    }

    @Test("a send resumed from a fresh clone, with only the committed summary, mails nobody twice")
    func freshClone() throws {
        let place = HistoryRoot()
        defer { place.cleanUp() }
        let list = readers(10)
        let first = try place.send(list, stopAfter: 4)
        #expect(first.delivered.count == 4)
        // What git holds: the summary, and not the journal in .digest/.
        try FileManager.default.removeItem(at: place.root.appendingPathComponent(".digest"))
        let second = try place.send(list)
        #expect(Set(first.delivered).isDisjoint(with: second.delivered))
        #expect(Set(first.delivered + second.delivered) == Set(list.map(\.address)))
        // Once more from a fresh clone: the summary now holds both runs, so nobody is sent.
        try FileManager.default.removeItem(at: place.root.appendingPathComponent(".digest"))
        #expect(try place.send(list).delivered.isEmpty)
    }

    @Test("a summary read with another secret, or damaged by a merge, stops the send with its line")
    func refusedSummaries() throws {
        let place = HistoryRoot()
        defer { place.cleanUp() }
        try place.send(readers(5))
        try FileManager.default.removeItem(at: place.root.appendingPathComponent(".digest"))
        let other = try UnsubscribeKey(secret: "another-secret-0123456789abcdef")
        #expect {
            try place.history().open(key: other, fingerprint: "f1", title: "Vol 2.5", acceptChangedIssue: false)
        } throws: { error in
            guard case .otherSecret = error as? SendHistoryError else { return false }
            return true
        }
        let url = place.history().summaryURL!
        var lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.insert("<<<<<<< HEAD", at: 3)
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        #expect {
            try place.history().open(key: place.key, fingerprint: "f1", title: "Vol 2.5", acceptChangedIssue: false)
        } throws: { error in
            guard case .journal(.damaged(let damage, _)) = error as? SendHistoryError else { return false }
            return damage.map(\.line) == [4] && damage[0].kind == .conflictMarker
        }
        // Cut short, it is refused as well, never read as empty.
        try Data("digest sent summary 1\nissue\tvol-2.5\n".utf8).write(to: url)
        #expect(throws: SendHistoryError.self) { try place.history().read(key: place.key, toleratingDamage: false) }
    }

    @Test("another text under a number already sent is refused unless accepted, and the acceptance is journaled")
    func changedIssue() throws {
        let place = HistoryRoot()
        defer { place.cleanUp() }
        let list = readers(6)
        try place.send(list, stopAfter: 3, fingerprint: "f1")
        #expect {
            try place.send(list, fingerprint: "f2")
        } throws: { error in
            guard case .changedIssue(_, _, let sent, let recorded, let now) = error as? SendHistoryError else { return false }
            return sent == 3 && recorded == "f1" && now == "f2"
        }
        let accepted = try place.send(list, fingerprint: "f2", accept: true)
        #expect(accepted.delivered.count == 3)
        let journal = try String(contentsOf: place.history().journalURL, encoding: .utf8)
        #expect(journal.contains("\tf2\tVol 2.5 (changed from f1, accepted with --accept-changed-issue)\t"))
        // The fingerprint travels with the summary: a fresh clone refuses a third text too.
        try FileManager.default.removeItem(at: place.root.appendingPathComponent(".digest"))
        #expect(throws: SendHistoryError.self) { try place.send(list, fingerprint: "f3") }
    }

    @Test("--status on a fresh clone names the readers the summary holds refused or uncertain, found on the list by their hashes")
    func statusFromSummary() throws {
        let place = HistoryRoot()
        defer { place.cleanUp() }
        let list = readers(5)
        let history = place.history()
        try place.send(list) { message in
            switch message.recipient {
            case "reader1@example.org": .refused(reply: "550 5.1.1 unknown")
            case "reader3@example.org": .uncertain(reason: "connection lost after the final dot")
            default: .accepted(reply: "250 ok")
            }
        }
        try FileManager.default.removeItem(at: place.root.appendingPathComponent(".digest"))

        let csv = place.root.appendingPathComponent("subscribers.csv")
        try Data(("address,name\n" + list.map { "\($0.address),\($0.name)\n" }.joined()).utf8).write(to: csv)
        let report = try StatusReport(routes: [history], key: place.key, list: try SubscriberList.Stream(url: csv, path: "subscribers.csv"))
        #expect(report.needsAttention)
        #expect(report.text.contains("sent      3\nfailed    1\nuncertain 1\nremaining 0\n"), "\(report.text)")
        #expect(report.text.contains("\n  reader3@example.org  uncertain in an earlier send"), "\(report.text)")
        #expect(report.text.contains("\n  reader1@example.org  refused in an earlier send"), "\(report.text)")
    }

    @Test("a journal an older digest committed in Subscribers/journal/ is honoured, and continued in .digest/journal/")
    func legacyJournal() throws {
        let place = HistoryRoot()
        defer { place.cleanUp() }
        let legacy = place.root.appendingPathComponent("Subscribers/journal/vol-2.5.journal")
        try FileManager.default.createDirectory(at: legacy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(
            (0..<3).map { "intent\treader\($0)@example.org\t<\($0)@x>\t\naccepted\treader\($0)@example.org\t<\($0)@x>\t250 ok\n" }.joined()
                .utf8
        ).write(to: legacy)
        let transport = try place.send(readers(5))
        // The maker and the consumer each claim readers, so the two may come out either way round.
        #expect(transport.delivered.sorted() == ["reader3@example.org", "reader4@example.org"])
        #expect(FileManager.default.fileExists(atPath: place.history().journalURL.path))
    }
}

@Suite("The issue's fingerprint")
struct IssueFingerprintTests {
    func fingerprint(_ text: String) throws -> String {
        let settings = Settings.thisRepository
        let issue = settings.parser.parse(bytes: Array(text.utf8), path: "x.issue").issue
        let renderer = try Renderer(templatesFolder: projectRoot.appendingPathComponent("Templates"), settings: settings)
        return MessageFactory(issue: issue, renderer: renderer, issueKey: "vol-2.5", date: Date(), key: .throwaway()).fingerprint
    }

    @Test("comments and rewrapped lines leave it alone; a changed word, date or headline changes it")
    func changes() throws {
        let original = try String(contentsOf: projectRoot.appendingPathComponent("seeds/archive/2023-03-23-vol-2.5.issue"), encoding: .utf8)
        let base = try fingerprint(original)
        #expect(try fingerprint(original) == base)
        #expect(try fingerprint("# a note to the other editor\n" + original) == base)
        // A detail's first continuation line joined to the line before it: the same words.
        let continuation = try #require(original.range(of: "\n  "))
        #expect(try fingerprint(original.replacingCharacters(in: continuation, with: " ")) == base)
        #expect(try fingerprint(original.replacingOccurrences(of: "Tamaki", with: "Tamakii")) != base)
        #expect(try fingerprint(original.replacingOccurrences(of: "Date: 2023-03-23", with: "Date: 2023-03-24")) != base)
        #expect(try fingerprint(original.replacingOccurrences(of: "Vol 2.5", with: "Vol 2.6")) != base)
    }
}
