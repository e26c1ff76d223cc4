import DigestJournal
import DigestMail
import DigestTestSupport
import Foundation
import Testing

/// A journal of today's format for `readers`: each reserved, then accepted, the run closed.
func wholeJournal(readers: [String], at url: URL) throws {
    let journal = try SendJournal(url: url)
    _ = try journal.reserve(readers)
    for (index, reader) in readers.enumerated() {
        try journal.record(.intent, reader: reader, messageID: "<\(index)@x>")
        try journal.record(.accepted, reader: reader, messageID: "<\(index)@x>", detail: "250 2.0.0 Ok: queued as Q\(index)")
    }
    try journal.closeRun()
}

/// The journal's lines (without their newlines).
func journalLines(_ url: URL) throws -> [Data] {
    try Data(contentsOf: url).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast().map { Data($0) }
}

func writeLines(_ lines: [Data], to url: URL) throws {
    try Data(lines.map { $0 + [UInt8(ascii: "\n")] }.joined()).write(to: url)
}

/// The damaged lines `replay` refuses the journal for, or `nil` when it reads it.
func damagedLines(_ url: URL) -> [Int]? {
    do {
        _ = try SendJournal.replay(at: url)
        return nil
    } catch .damaged(let lines, _) {
        return lines.map(\.line)
    } catch {
        Issue.record("unexpected \(error)")
        return nil
    }
}

@Suite("A damaged send journal")
struct JournalDamageTests {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("digest-damage-\(UUID().uuidString)/vol-2.6.journal")
    let readers = (0..<40).map { "reader\($0)@example.org" }

    init() throws {
        try wholeJournal(readers: readers, at: url)
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: url.deletingLastPathComponent())
    }

    @Test("the whole journal reads back with every reader sent, and each line carries a checksum after a header")
    func whole() throws {
        defer { cleanUp() }
        let replay = try SendJournal.replay(at: url)
        #expect(replay.acceptedCount == 40 && replay.unsettled.isEmpty)
        let lines = try journalLines(url)
        #expect(String(decoding: lines[0], as: UTF8.self).hasPrefix("journal\t\t\tdigest send journal, format 2\t"))
        #expect(lines.allSatisfy { $0.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false).count == 5 })
    }

    @Test("random bytes written into the journal stop the replay at their line", arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func randomBytes(seed: UInt64) throws {
        defer { cleanUp() }
        print("random-bytes seed: \(seed)")
        var random = SplitMix64(seed: seed)
        var lines = try journalLines(url)
        let at = Int.random(in: 1..<lines.count, using: &random)
        var junk = (0..<Int.random(in: 8...200, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
        // The junk begins its own line: a byte that is not a line end (else it begins one line later).
        if junk[0] == UInt8(ascii: "\n") { junk[0] = 0x41 }
        if Bool.random(using: &random) {
            lines.insert(Data(junk), at: at)
        } else {
            // Or overwrites a line in place, as a damaged disk block would.
            lines[at] = Data(junk)
        }
        try writeLines(lines, to: url)
        #expect(damagedLines(url)?.first == at + 1)
    }

    @Test("a run of NULs where lines were (a block zeroed by a crash) is damage at its line")
    func nulRun() throws {
        defer { cleanUp() }
        var lines = try journalLines(url)
        lines.replaceSubrange(10..<14, with: [Data(repeating: 0, count: 4096)])
        try writeLines(lines, to: url)
        #expect(damagedLines(url) == [11])
        let replay = try SendJournal.replay(at: url, path: "J", toleratingDamage: true)
        #expect(
            replay.damage.map(\.description) == [
                "J:11: error: this line cannot be read: it holds NUL bytes: the file was damaged on disk or in a copy"
            ])
    }

    @Test("git conflict markers from a merge of two journals are damage, each marker with its line")
    func conflictMarkers() throws {
        defer { cleanUp() }
        var lines = try journalLines(url)
        lines.insert(Data(">>>>>>> theirs".utf8), at: 30)
        lines.insert(Data("=======".utf8), at: 25)
        lines.insert(Data("<<<<<<< HEAD".utf8), at: 20)
        try writeLines(lines, to: url)
        #expect(damagedLines(url) == [21, 27, 33])
    }

    @Test("a line changed by hand (a reader's address edited) fails its checksum")
    func wrongChecksum() throws {
        defer { cleanUp() }
        var lines = try journalLines(url)
        let index = lines.firstIndex { String(decoding: $0, as: UTF8.self).hasPrefix("accepted\treader7@") }!
        lines[index] = Data(String(decoding: lines[index], as: UTF8.self).replacingOccurrences(of: "reader7@", with: "reader8@").utf8)
        try writeLines(lines, to: url)
        #expect(damagedLines(url) == [index + 1])
        let replay = try SendJournal.replay(at: url, toleratingDamage: true)
        #expect(replay.damage.first?.kind == .checksum)
    }

    @Test("a line without a checksum after lines that have one is damage; so is one that is no journal line at all")
    func missingChecksum() throws {
        defer { cleanUp() }
        var lines = try journalLines(url)
        lines.insert(Data("accepted\treader99@example.org\t<99@x>\t250 ok".utf8), at: 5)
        lines.insert(Data("accepted reader98@example.org".utf8), at: 7)
        try writeLines(lines, to: url)
        let replay = try SendJournal.replay(at: url, toleratingDamage: true)
        #expect(replay.damage.map(\.line) == [6, 8])
        #expect(replay.damage.map(\.kind) == [.missingChecksum, .notJournalLine])
    }

    @Test("a last line torn by a kill is no damage: it is left out, and the rest reads")
    func tornLastLine() throws {
        defer { cleanUp() }
        var data = try Data(contentsOf: url)
        data += Data("intent\treader40@exam".utf8)
        try data.write(to: url)
        let replay = try SendJournal.replay(at: url)
        #expect(replay.acceptedCount == 40 && replay.unsettled.isEmpty && replay.damage.isEmpty)
    }

    @Test("a journal written before checksums is read as it was, and the lines a send appends to it are checked")
    func oldFormat() throws {
        defer { cleanUp() }
        let old =
            (0..<30).map { "intent\treader\($0)@example.org\t<\($0)@x>\t\naccepted\treader\($0)@example.org\t<\($0)@x>\t250 ok\n" }.joined()
            + "intent\treader30@example.org\t<30@x>\t\nfailed\treader31@example.org\t<31@x>\t550 5.1.1 unknown\n"
        try Data(old.utf8).write(to: url)
        let replay = try SendJournal.replay(at: url)
        #expect(replay.acceptedCount == 30)
        #expect(replay.standing(of: "reader30@example.org") == .uncertain(reason: "the send stopped while this message was in flight"))
        #expect(replay.standing(of: "reader31@example.org") == .refused(reply: "550 5.1.1 unknown"))
        do {
            let journal = try SendJournal(url: url)
            try journal.record(.intent, reader: "reader32@example.org", messageID: "<32@x>")
            try journal.record(.accepted, reader: "reader32@example.org", messageID: "<32@x>", detail: "250 ok")
            try journal.closeRun()
        }
        #expect(try SendJournal.replay(at: url).acceptedCount == 31)
        // Keys once kept the local part's letter case; the list's reader is the same mailbox.
        try Data("intent\tEditor@example.org\t<e@x>\t\naccepted\tEditor@example.org\t<e@x>\t250 ok\n".utf8).write(to: url)
        #expect(try SendJournal.replay(at: url).standing(of: Subscriber(address: "EDITOR@Example.org").key) == .accepted)
        // An old journal's damage is damage too: it used to be skipped, and read as fewer sends.
        try Data((old + "<<<<<<< HEAD\n" + old).utf8).write(to: url)
        #expect(damagedLines(url) == [63])
    }
}
