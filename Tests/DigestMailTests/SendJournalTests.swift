import DigestMail
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
            try journal.record(.failed, reader: "b@example.org", messageID: "<2@x>", detail: "550 5.1.1 no such user\tat all")
            try journal.record(.intent, reader: "c@example.org", messageID: "<3@x>")
        }
        let standings = SendJournal.standings(at: url)
        #expect(standings["a@example.org"] == .sent(detail: "250 2.0.0 Ok: queued as 4Q1"))
        #expect(standings["b@example.org"] == .failed(detail: "550 5.1.1 no such user\tat all"))
        #expect(standings["c@example.org"] == .uncertain)
        #expect(standings["d@example.org"] == nil)
    }

    @Test("a line torn by a kill is ignored, and the journal goes on after it")
    func tornLine() throws {
        let folder = folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("vol-2.6.journal")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("intent\ta@example.org\t<1@x>\t\naccepted\ta@example.org\t<1@x>\t250 ok\nintent\tb@exa".utf8).write(to: url)
        #expect(SendJournal.standings(at: url) == ["a@example.org": .sent(detail: "250 ok")])
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
}
