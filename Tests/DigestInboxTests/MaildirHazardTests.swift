import DigestInbox
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A Maildir with things in it that are not plain messages, or two of one name: the run goes
/// on, nothing outside the Maildir is read, and no message is lost.
@Suite("digest inbox over a Maildir with hazards in it")
struct MaildirHazardTests {
    /// An unsubscribe request from ann's own address: acted on when read.
    static let annLeaves = Samples.unsubscribe(reader: "ann@example.org", token: nil, from: "ann@example.org")

    @Test("links, pipes and folders in new/ are not read, nor followed out of the Maildir, and stay where they are")
    func notPlainFiles() throws {
        let fixture = try IntakeFixture(readers: ["ann@example.org", "ben@example.org"], messages: [])
        defer { fixture.remove() }
        let outside = fixture.root.appendingPathComponent("outside.eml")
        try Self.annLeaves.write(to: outside, atomically: true, encoding: .utf8)
        let new = fixture.maildir.appendingPathComponent("new")
        try FileManager.default.createSymbolicLink(at: new.appendingPathComponent("1.link"), withDestinationURL: outside)
        try FileManager.default.createSymbolicLink(
            at: new.appendingPathComponent("2.dangling"), withDestinationURL: fixture.root.appendingPathComponent("nothing"))
        #expect(mkfifo(new.appendingPathComponent("3.fifo").path, 0o600) == 0)
        try FileManager.default.createDirectory(at: new.appendingPathComponent("4.folder"), withIntermediateDirectories: false)
        let report = try fixture.intake().run(source: try fixture.source())
        #expect(fixture.statuses["ann@example.org"] == "subscribed", "a message outside the Maildir was acted on")
        #expect(report.moved == 0)
        #expect(fixture.remaining == ["1.link", "2.dangling", "3.fifo", "4.folder"])
    }

    @Test("two files of one name: one is read and moved, the other stays, and neither is written over")
    func sameName() throws {
        let fixture = try IntakeFixture(readers: ["ann@example.org", "ben@example.org"], messages: [])
        defer { fixture.remove() }
        let older = fixture.maildir.appendingPathComponent("new/1000.dup.host")
        let newer = fixture.maildir.appendingPathComponent("cur/1000.dup.host:2,S")
        try Self.annLeaves.write(to: older, atomically: true, encoding: .utf8)
        try Samples.ordinaryMail.write(to: newer, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_700_000_000)], ofItemAtPath: older.path)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_700_000_100)], ofItemAtPath: newer.path)
        // A message of that name already in Processed, from before.
        let processed = fixture.maildir.appendingPathComponent(".Processed/cur")
        try FileManager.default.createDirectory(at: processed, withIntermediateDirectories: true)
        try "earlier".write(to: processed.appendingPathComponent("1000.dup.host:2,S"), atomically: true, encoding: .utf8)
        let report = try fixture.intake().run(source: try fixture.source())
        #expect(fixture.statuses["ann@example.org"] == "unsubscribed")
        #expect(report.moved == 1, "the one message read was counted once")
        // The ordinary mail was not read and stays; Processed holds the earlier file and ann's request.
        #expect(FileManager.default.fileExists(atPath: newer.path))
        let kept = try FileManager.default.contentsOfDirectory(atPath: processed.path).map {
            try String(contentsOf: processed.appendingPathComponent($0), encoding: .utf8)
        }
        #expect(kept.count == 2 && kept.contains("earlier") && kept.contains(Self.annLeaves), "\(kept.count) files")
    }

    @Test("a message gone or unreadable since the listing is left for the editor with the reason, and the rest applied")
    func unreadable() throws {
        let fixture = try IntakeFixture(
            readers: ["ann@example.org", "ben@example.org"],
            messages: [("1.gone", Samples.ordinaryMail), ("2.ann", Self.annLeaves)])
        defer { fixture.remove() }
        let source = try fixture.source()
        let ids = try source.messageIDs()
        #expect(ids == ["1.gone", "2.ann"])
        // Gone between the run's listing and its read, as when another program takes it.
        try FileManager.default.removeItem(at: fixture.maildir.appendingPathComponent("new/1.gone"))
        let report = try fixture.intake().run(source: PreListed(source, ids: ids))
        #expect(fixture.statuses["ann@example.org"] == "unsubscribed")
        let note = try #require(report.notes.first { $0.shown.contains("1.gone") })
        #expect(note.understood && note.note.contains("cannot read it"), "\(note.note)")
    }
}

/// A Maildir source whose listing was made before the run (so a file can go in between).
private final class PreListed: InboxSource {
    let inner: MaildirInbox
    let ids: [String]
    init(_ inner: MaildirInbox, ids: [String]) {
        self.inner = inner
        self.ids = ids
    }
    var stateName: String { inner.stateName }
    func messageIDs() throws(InboxError) -> [String] { ids }
    func read(_ id: String, limit: Int) throws(InboxError) -> [UInt8] { try inner.read(id, limit: limit) }
    func moveToDone(_ ids: [String]) throws(InboxError) { try inner.moveToDone(ids) }
    func describe(_ id: String) -> String { inner.describe(id) }
}
