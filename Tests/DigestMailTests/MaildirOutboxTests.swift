import DigestCore
import DigestMail
import DigestTestSupport
import Foundation
import Testing

@Suite("The Maildir outbox")
struct MaildirOutboxTests {
    func message(_ address: String) throws -> OutgoingMessage {
        let builder = MessageBuilder(settings: .thisRepository, issueKey: "vol-2.6", date: Date(timeIntervalSince1970: 1_680_771_600))
        return try builder.build(
            for: Subscriber(address: address), subject: "Vol 2.6", text: "Hello\n", html: "<p>Hello</p>",
            unsubscribe: UnsubscribeLinks(mailto: "mailto:egulum@spfusa.org"), boundary: "b")
    }

    @Test("messages land in new/ whole, and delivering one again leaves one copy")
    func deliver() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-maildir-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let outbox = MaildirOutbox(folder: folder)
        let first = try message("a@example.org")
        guard case .delivered(let url) = try outbox.deliver(first) else {
            Issue.record("not delivered")
            return
        }
        #expect(try Data(contentsOf: url) == Data(first.bytes))
        #expect(try outbox.deliver(first) == .alreadyThere(url))
        _ = try outbox.deliver(try message("b@example.org"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("new").path).count == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("tmp").path).isEmpty)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("cur").path))
    }

    @Test("the outbox's folders and messages, each naming a reader, are readable by their owner alone")
    func ownerOnly() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-maildir-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        // Not with umask(0): the umask is the whole test process's, and tests run at once
        // (AtomicFileTests reads it).
        guard case .delivered(let url) = try MaildirOutbox(folder: folder).deliver(try message("a@example.org")) else {
            Issue.record("not delivered")
            return
        }
        func mode(_ url: URL) throws -> Int {
            (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int) ?? -1
        }
        #expect(try mode(url) == 0o600)
        for sub in ["", "tmp", "new", "cur"] { #expect(try mode(folder.appendingPathComponent(sub)) == 0o700, "\(sub)") }
    }

    @Test(
        "a message a mail client has read (moved to cur/, flags added to its name) is not delivered again",
        arguments: ["", ":2,S", ":2,RS"])
    func readMessage(flags: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-maildir-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let outbox = MaildirOutbox(folder: folder)
        let first = try message("a@example.org")
        guard case .delivered(let url) = try outbox.deliver(first) else { return }
        let moved = folder.appendingPathComponent("cur").appendingPathComponent(url.lastPathComponent + flags)
        try FileManager.default.moveItem(at: url, to: moved)
        #expect(try outbox.deliver(first) == .alreadyThere(moved))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("new").path).isEmpty)
    }
}
