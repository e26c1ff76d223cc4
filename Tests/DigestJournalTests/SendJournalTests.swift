import DigestJournal
import Foundation
import Testing

@Suite("The send journal")
struct SendJournalTests {
    func folder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("digest-journal-\(UUID().uuidString)")
    }

    @Test("replaying gives each reader's standing: sent, failed, or uncertain when only the intent was written")
    func standings() throws {
        let folder = folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("vol-2.6.journal")
        do {
            let journal = try SendJournal(url: url)
            try journal.record(.intent, reader: "a@example.org", messageID: "<1@x>")
            try journal.record(.accepted, reader: "a@example.org", messageID: "<1@x>", detail: "250 2.0.0 Ok: queued as 4Q1")
            try journal.record(.intent, reader: "b@example.org", messageID: "<2@x>")
            try journal.record(.refused, reader: "b@example.org", messageID: "<2@x>", detail: "550 5.1.1 no such user\tat all")
            try journal.record(.intent, reader: "c@example.org", messageID: "<3@x>")
        }
        let replay = try SendJournal.replay(at: url)
        #expect(replay.standing(of: "a@example.org") == .accepted)
        #expect(replay.standing(of: "b@example.org") == .refused(reply: "550 5.1.1 no such user\tat all"))
        #expect(replay.standing(of: "c@example.org") == .uncertain(reason: "the send stopped while this message was in flight"))
        #expect(replay.standing(of: "d@example.org") == nil)
        #expect(replay.acceptedCount == 1)
    }

    @Test("a journal names every reader: the folder made for it, the file and its lock are the user's alone")
    func ownerOnly() throws {
        let folder = folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("Outbox/vol-2.6.journal")
        // Not with umask(0): the umask is the whole test process's, and tests run at once.
        do {
            let journal = try SendJournal(url: url)
            try journal.record(.intent, reader: "a@example.org", messageID: "<1@x>")
        }
        func mode(_ path: String) throws -> Int {
            (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
        }
        #expect(try mode(url.deletingLastPathComponent().path) == 0o700)
        #expect(try mode(url.path) == 0o600)
        #expect(try mode(url.path + ".lock") == 0o600)
    }

    @Test("a file (or a link to nothing) where the journal's folder should be is named as the problem", arguments: [false, true])
    func fileInPlaceOfFolder(dangling: Bool) throws {
        let folder = folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let outbox = folder.appendingPathComponent("Outbox")
        if dangling {
            try FileManager.default.createSymbolicLink(atPath: outbox.path, withDestinationPath: "/nonexistent/outbox")
        } else {
            try Data("mail".utf8).write(to: outbox)
        }
        do {
            _ = try SendJournal(url: outbox.appendingPathComponent("vol-2.6.journal"))
            Issue.record("a journal was opened under a file")
        } catch {
            guard case .io(let path, let reason) = error else { throw error }
            #expect(path == outbox.path)
            #expect(reason.contains("not a folder") && reason.contains("move it aside"))
        }
    }

    @Test(
        "a field is escaped where it holds a backslash, tab or line break, copied as it is otherwise, and reads back the same",
        arguments: [
            ("250 2.0.0 Ok: queued as 4Q1", "250 2.0.0 Ok: queued as 4Q1"), ("no such user\tat all", "no such user\\tat all"),
            ("a\\b", "a\\\\b"), ("one\r\ntwo\n", "one\\r\\ntwo\\n"), ("Grüße, 東京", "Grüße, 東京"), ("", ""),
        ])
    func escaping(detail: String, written: String) throws {
        let folder = folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("vol-2.6.journal")
        do {
            let journal = try SendJournal(url: url)
            try journal.record(.refused, reader: "a@example.org", messageID: "<1@x>", detail: detail)
        }
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        let fields = try #require(lines.last).split(separator: "\t", omittingEmptySubsequences: false)
        #expect(fields.count == 5)
        #expect(fields[3] == written)
        #expect(try SendJournal.replay(at: url).standing(of: "a@example.org") == .refused(reply: detail))
    }

    @Test("a line torn by a kill is ignored, and the journal goes on after it")
    func tornLine() throws {
        let folder = folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("vol-2.6.journal")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("intent\ta@example.org\t<1@x>\t\naccepted\ta@example.org\t<1@x>\t250 ok\nintent\tb@exa".utf8).write(to: url)
        let replay = try SendJournal.replay(at: url)
        #expect(replay.standing(of: "a@example.org") == .accepted)
        #expect(replay.standing(of: "b@exa") == nil && replay.unsettled.isEmpty)
        // The next run cuts the torn line off before appending, so its first line is whole.
        do {
            let journal = try SendJournal(url: url)
            try journal.record(.intent, reader: "c@example.org", messageID: "<3@x>")
        }
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.hasPrefix("intent\ta@example.org\t<1@x>\t\naccepted\ta@example.org\t<1@x>\t250 ok\nintent\tc@example.org\t<3@x>\t\t"))
        #expect(text.split(separator: "\n").count == 3)
        #expect(try SendJournal.replay(at: url).standing(of: "c@example.org") != nil)
    }

    @Test("a second send of the same issue is refused while the first holds the journal")
    func lock() throws {
        let folder = folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("vol-2.6.journal")
        let first = try SendJournal(url: url)
        #expect(throws: JournalError.self) { try SendJournal(url: url) }
        _ = first
    }

    @Test("a reader's last line decides: deferred is sent again, accepted after uncertain is sent, an intent after accepted is uncertain")
    func lastLineWins() throws {
        let folder = folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("vol-2.6.journal")
        do {
            let journal = try SendJournal(url: url)
            for (event, reader) in [
                (SendJournal.Event.intent, "a@x.org"), (.deferred, "a@x.org"), (.intent, "b@x.org"), (.uncertain, "b@x.org"),
                (.intent, "b@x.org"), (.accepted, "b@x.org"), (.intent, "c@x.org"), (.accepted, "c@x.org"), (.intent, "c@x.org"),
            ] {
                try journal.record(event, reader: reader, messageID: "<\(reader)>", detail: "451 try later")
            }
            try journal.sync()
        }
        let replay = try SendJournal.replay(at: url)
        #expect(replay.standing(of: "a@x.org") == .deferred(reason: "451 try later"))
        #expect(replay.standing(of: "b@x.org") == .accepted)
        #expect(replay.standing(of: "c@x.org") == .uncertain(reason: "the send stopped while this message was in flight"))
        #expect(replay.acceptedCount == 1)
    }

    @Test("a journal of 100,000 lines replays in one pass, remembering sent readers as fingerprints")
    func largeJournal() throws {
        let folder = folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("big.journal")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var text = ""
        for index in 0..<50_000 {
            text += "intent\treader\(index)@example.org\t<\(index)@x>\t\naccepted\treader\(index)@example.org\t<\(index)@x>\t250 ok\n"
        }
        try Data(text.utf8).write(to: url)
        let replay = try SendJournal.replay(at: url)
        #expect(replay.acceptedCount == 50_000)
        #expect(replay.standing(of: "reader49999@example.org") == .accepted)
        #expect(replay.standing(of: "reader50000@example.org") == nil)
    }

    @Test("a line whose empty detail lost its tab to an editor's whitespace trimming reads the same")
    func trimmedTab() throws {
        let folder = folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("vol-2.6.journal")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("intent\ta@example.org\t<1@x>\naccepted\tb@example.org\t<2@x>\t250 ok\nintent\tc@example.org\t<3@x>\t\n".utf8).write(
            to: url)
        let replay = try SendJournal.replay(at: url)
        #expect(replay.standing(of: "a@example.org") == .uncertain(reason: "the send stopped while this message was in flight"))
        #expect(replay.standing(of: "b@example.org") == .accepted)
        #expect(replay.standing(of: "c@example.org") == .uncertain(reason: "the send stopped while this message was in flight"))
    }
}

@Suite("Reservations and restarts of the system")
struct ReservationTests {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("digest-journal-\(UUID().uuidString)/vol-2.6.journal")

    /// A run's `reserved` lines for `readers` and, if it ended, its `closed` line, written as
    /// a run in `boot` would have.
    func lines(boot: String, readers: [String], closed: Bool) -> String {
        let run = "\(boot)/run-\(UUID().uuidString)"
        return readers.map { "reserved\t\($0)\t\t\(run)\n" }.joined() + (closed ? "closed\t\t\t\(run)\n" : "")
    }

    func write(_ text: String) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    @Test("in the same boot a reservation with nothing after it leaves the reader as before: never sent, so sent next time")
    func sameBoot() throws {
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        try write(
            "deferred\tb@example.org\t<2@x>\t451 later\n"
                + lines(boot: "boot-a", readers: ["a@example.org", "b@example.org"], closed: false))
        let replay = try SendJournal.replay(at: url, boot: "boot-a")
        #expect(replay.standing(of: "a@example.org") == nil)
        #expect(replay.standing(of: "b@example.org") == .deferred(reason: "451 later"))
    }

    @Test("after the system restarted, a reservation with no line after it is uncertain: the intent may have been lost")
    func anotherBoot() throws {
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        try write(
            lines(boot: "boot-a", readers: ["a@example.org", "b@example.org", "c@example.org"], closed: false)
                + "intent\tb@example.org\t<2@x>\t\naccepted\tb@example.org\t<2@x>\t250 ok\nintent\tc@example.org\t<3@x>\t\n")
        let replay = try SendJournal.replay(at: url, boot: "boot-b")
        #expect(replay.standing(of: "a@example.org") == .uncertain(reason: JournalReplayReasons.lostIntent))
        #expect(replay.standing(of: "b@example.org") == .accepted)
        #expect(replay.standing(of: "c@example.org") == .uncertain(reason: "the send stopped while this message was in flight"))
        // Where the system names no boot, every earlier run counts as another boot's.
        #expect(try SendJournal.replay(at: url, boot: nil).standing(of: "a@example.org") != nil)
    }

    @Test("a run that ended with `closed` releases its reservations, in any boot, and only its own")
    func closedRun() throws {
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        try write(
            lines(boot: "boot-a", readers: ["a@example.org"], closed: false)
                + lines(boot: "boot-b", readers: ["b@example.org"], closed: true))
        let replay = try SendJournal.replay(at: url, boot: "boot-c")
        #expect(replay.standing(of: "a@example.org") == .uncertain(reason: JournalReplayReasons.lostIntent))
        #expect(replay.standing(of: "b@example.org") == nil)
    }

    @Test("a journal's own run writes reservations, flushes them when asked, closes, and its lines read back")
    func journalWrites() throws {
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        do {
            let journal = try SendJournal(url: url)
            let end = try journal.reserve(["a@example.org", "b\tc@example.org"])
            #expect(end == (try Data(contentsOf: url)).count)
            try journal.makeDurable(upTo: end)
            #expect(journal.flushedBytes >= end)
            try journal.record(.intent, reader: "a@example.org", messageID: "<1@x>")
            try journal.record(.accepted, reader: "a@example.org", messageID: "<1@x>", detail: "250 ok")
            try journal.closeRun()
            #expect(journal.flushedBytes == (try Data(contentsOf: url)).count)
        }
        let replay = try SendJournal.replay(at: url, boot: "another-boot")
        #expect(replay.standing(of: "a@example.org") == .accepted)
        #expect(replay.standing(of: "b\tc@example.org") == nil)
        #expect(replay.unsettled.isEmpty)
    }
}

/// The reasons the journal gives, as tests compare them.
enum JournalReplayReasons {
    static let lostIntent =
        "reserved before the system restarted (a power cut or a crash of the system), which may have lost its intent: the message may have gone"
}
