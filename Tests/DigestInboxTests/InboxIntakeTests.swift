import DigestCore
import DigestInbox
import DigestJournal
import DigestMail
import DigestTestSupport
import Foundation
import Testing

/// A repository-like folder with a list, a Maildir holding `messages`, and the intake's state.
struct IntakeFixture {
    let root: URL
    var listURL: URL { root.appendingPathComponent("Subscribers/subscribers.csv") }
    var maildir: URL { root.appendingPathComponent("Mail") }
    var stateURL: URL { root.appendingPathComponent(".digest/inbox/state") }
    static let day = IssueDate(iso: "2026-12-06")!

    init(readers: [String], messages: [(name: String, text: String)]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("inbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Subscribers"), withIntermediateDirectories: true)
        let csv = "address,name,status,subscribed,changed\n" + readers.map { "\($0),,subscribed,2026-01-01,2026-01-01\n" }.joined()
        try csv.write(to: listURL, atomically: true, encoding: .utf8)
        for sub in ["cur", "new", "tmp"] {
            try FileManager.default.createDirectory(at: maildir.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        for (index, message) in messages.enumerated() {
            let file = maildir.appendingPathComponent(index % 2 == 0 ? "new" : "cur").appendingPathComponent(
                index % 2 == 0 ? message.name : "\(message.name):2,S")
            try message.text.write(to: file, atomically: false, encoding: .utf8)
            // Distinct times, so the order of reading is the order given.
            try FileManager.default.setAttributes(
                [.modificationDate: Date(timeIntervalSince1970: 1_700_000_000 + Double(index))], ofItemAtPath: file.path)
        }
    }

    func intake(limit: Int = 3, checkpoint: @escaping (InboxCheckpoint) throws -> Void = { _ in }) throws -> InboxIntake {
        InboxIntake(
            listURL: listURL, listPath: "Subscribers/subscribers.csv", state: try InboxState(url: stateURL), listID: Samples.listID,
            key: Samples.key, softBounceLimit: limit, today: Self.day, checkpoint: checkpoint)
    }

    func source() throws -> MaildirInbox { try MaildirInbox(root: maildir, doneFolder: "Processed") }

    var statuses: [String: String] {
        let (list, _) = try! SubscriberList.read(at: listURL, path: "s.csv")
        return Dictionary(uniqueKeysWithValues: list.subscribers.map { ($0.address, $0.status.rawValue) })
    }

    /// The names (unique parts) of the messages still in the inbox, and those moved.
    var remaining: Set<String> { names(in: maildir, ["new", "cur"]) }
    var moved: Set<String> { names(in: maildir.appendingPathComponent(".Processed"), ["cur", "new"]) }

    private func names(in folder: URL, _ subs: [String]) -> Set<String> {
        Set(
            subs.flatMap { sub in
                ((try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(sub).path)) ?? []).map(
                    MaildirName.unique)
            })
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

/// The mailbox of the acceptance scenario: every kind of message, and what becomes of each.
private let token = Samples.key.token(for: "ann@example.org", list: Samples.listID)
let scenario: [(name: String, text: String)] = [
    ("01.unsub-valid", Samples.unsubscribe(reader: "ann@example.org", token: token, from: "forwarder@else.example")),
    (
        "02.unsub-invalid",
        Samples.unsubscribe(reader: "eve@example.org", token: String(repeating: "0", count: 32), from: "mallory@evil.example")
    ),
    ("03.unsub-own", Samples.unsubscribe(reader: "fay@example.org", token: nil, from: "fay@example.org")),
    ("04.postfix", Samples.postfix("ben@example.org")),
    ("05.gmail-headers", Samples.gmail(original: "cid@example.org", finalRecipient: "cid.fwd@gmail.com")),
    ("06.microsoft", Samples.microsoft("dee@example.org")),
    ("07.soft", Samples.postfix("gus@example.org", status: "4.2.2")),
    ("08.yahoo", Samples.yahooComplaint("hal@example.org")),
    ("09.auto", Samples.autoReply),
    ("10.ordinary", Samples.ordinaryMail),
]
let scenarioReaders = ["ann", "ben", "cid", "dee", "eve", "fay", "gus", "hal"].map { "\($0)@example.org" }
let scenarioStatuses = [
    "ann@example.org": "unsubscribed", "ben@example.org": "bounced", "cid@example.org": "bounced", "dee@example.org": "bounced",
    "eve@example.org": "subscribed", "fay@example.org": "unsubscribed", "gus@example.org": "subscribed", "hal@example.org": "complained",
]
let scenarioMoved: Set<String> = [
    "01.unsub-valid", "03.unsub-own", "04.postfix", "05.gmail-headers", "06.microsoft", "07.soft", "08.yahoo",
]

@Suite("digest inbox over a Maildir")
struct InboxIntakeTests {
    @Test("one run gives exactly the expected statuses and moves what it acted on; a second run changes nothing")
    func scenarioRuns() throws {
        let fixture = try IntakeFixture(readers: scenarioReaders, messages: scenario)
        defer { fixture.remove() }
        let report = try fixture.intake().run(source: try fixture.source())
        #expect(fixture.statuses == scenarioStatuses)
        #expect(fixture.moved == scenarioMoved)
        #expect(fixture.remaining == ["02.unsub-invalid", "09.auto", "10.ordinary"])
        #expect(report.changes.filter(\.changedList).count == 6)
        #expect(report.notes.filter(\.understood).map(\.shown).allSatisfy { $0.contains("02.unsub-invalid") })
        let listBefore = try String(contentsOf: fixture.listURL, encoding: .utf8)
        let again = try fixture.intake().run(source: try fixture.source())
        #expect(again.changes.isEmpty && again.moved == 0)
        #expect(try String(contentsOf: fixture.listURL, encoding: .utf8) == listBefore)
        #expect(fixture.remaining == ["02.unsub-invalid", "09.auto", "10.ordinary"])
    }

    @Test("transient failures bounce only at the policy's count of different issues, and two reports of one issue count once")
    func softBouncePolicy() throws {
        func soft(_ issue: String) -> String {
            Samples.postfix("gus@example.org", status: "4.2.2").replacingOccurrences(of: "vol-5.3.", with: "\(issue).")
        }
        let fixture = try IntakeFixture(
            readers: ["gus@example.org"], messages: [("a", soft("vol-5.1")), ("b", soft("vol-5.1")), ("c", soft("vol-5.2"))])
        defer { fixture.remove() }
        _ = try fixture.intake().run(source: try fixture.source())
        #expect(fixture.statuses == ["gus@example.org": "subscribed"])
        let third = fixture.maildir.appendingPathComponent("new/d")
        try soft("vol-5.3").write(to: third, atomically: false, encoding: .utf8)
        let report = try fixture.intake().run(source: try fixture.source())
        #expect(fixture.statuses == ["gus@example.org": "bounced"])
        #expect(report.changes.map(\.description).contains { $0.contains("subscribed → bounced (3 issues") })
        #expect(fixture.moved == ["a", "b", "c", "d"])
    }

    @Test("the send's own 5.1.1 refusals in a journal bounce the reader once; a 4.x.x deferral does not")
    func journalRefusals() throws {
        let fixture = try IntakeFixture(readers: ["ann@example.org", "ben@example.org"], messages: [])
        defer { fixture.remove() }
        let folder = fixture.root.appendingPathComponent(".digest/journal")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let journal = try SendJournal(url: folder.appendingPathComponent("vol-5.3.journal"))
        try journal.record(
            .refused, reader: "ann@example.org", messageID: Samples.messageID("ann@example.org"),
            detail: "550 5.1.1 <ann@example.org>: user unknown")
        try journal.record(
            .refused, reader: "ben@example.org", messageID: Samples.messageID("ben@example.org"), detail: "554 5.7.1 rejected by policy")
        try journal.closeRun()
        journal.close()
        let refusals = JournalRefusals.read(folder: folder)
        #expect(refusals.refusals.map(\.reader) == ["ann@example.org"])
        _ = try fixture.intake().run(source: nil, refusals: refusals.refusals)
        #expect(fixture.statuses == ["ann@example.org": "bounced", "ben@example.org": "subscribed"])
        // The editor subscribes ann again: the old refusal, already applied, does not bounce her twice.
        _ = try SubscriberList.modify(at: fixture.listURL, path: "s.csv") { try $0.add("ann@example.org", name: "", on: IntakeFixture.day) }
        _ = try fixture.intake().run(source: nil, refusals: JournalRefusals.read(folder: folder).refusals)
        #expect(fixture.statuses["ann@example.org"] == "subscribed")
    }

    /// Stops a run at its `n`th checkpoint, as a kill there would.
    struct Killed: Error {}

    @Test("a run stopped at any step, then run again until done, applies every message exactly once and moves each")
    func killedAtEveryStep() throws {
        // Every step of the first run, then random stops over several runs, seeded.
        var generator = SplitMix64.forTest(seed: 0x15_C0DE)
        for attempt in 0..<12 {
            let fixture = try IntakeFixture(readers: scenarioReaders, messages: scenario)
            defer { fixture.remove() }
            var runs = 0
            var finished = false
            var softCounts: [Int] = []
            while !finished {
                runs += 1
                #expect(runs < 20)
                let stopAt = attempt < 3 ? (runs == 1 ? attempt + 1 : 99) : Int(generator.next() % 4) + 1
                var step = 0
                do {
                    let report = try fixture.intake { _ in
                        step += 1
                        if step == stopAt { throw Killed() }
                    }.run(source: try fixture.source())
                    softCounts += report.changes.compactMap { $0.description.contains("of 3 issues") ? 1 : nil }
                    finished = true
                } catch is Killed {}
            }
            #expect(fixture.statuses == scenarioStatuses, "attempt \(attempt)")
            #expect(fixture.moved == scenarioMoved, "attempt \(attempt)")
            // The soft bounce was counted once, however often its message was read.
            let state = try InboxState(url: fixture.stateURL)
            #expect(state.softIssues(of: "gus@example.org") == ["vol-5.3"])
            #expect(state.damagedLines == 0)
        }
    }

    @Test("a mailbox that is not a Maildir is refused with what to do")
    func notAMaildir() {
        #expect(throws: InboxError.self) { try MaildirInbox(root: URL(fileURLWithPath: "/nonexistent-\(UUID())"), doneFolder: "Processed") }
    }
}
