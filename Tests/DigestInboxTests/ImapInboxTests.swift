import DigestCore
import DigestInbox
import DigestMail
import DigestTestSupport
import Foundation
import Testing

@Suite("digest inbox over IMAP, against Dovecot", .enabled(if: dovecotAvailable && opensslAvailable))
struct ImapInboxTests {
    @Test(
        "one run over STARTTLS: expected statuses, acted-on messages moved with UID MOVE, the rest untouched and unseen; a second run changes nothing",
        // Also with every run of UIDs in a command of its own, as a long set is cut.
        arguments: [4_000, 1])
    func scenarioOverIMAP(setLength: Int) throws {
        let server = try DovecotServer()
        for message in scenario { try server.deliver(message.text, name: message.name) }
        let fixture = try IntakeFixture(readers: scenarioReaders, messages: [])
        defer { fixture.remove() }
        let source = try ImapInbox(url: server.url, doneFolder: "Processed", environment: server.environment, setLength: setLength)
        let report = try fixture.intake().run(source: source)
        #expect(fixture.statuses == scenarioStatuses)
        #expect(report.moved == scenarioMoved.count)
        // What Dovecot holds: the acted-on messages in .Processed, the others still in INBOX, still unseen.
        let processed =
            (try? FileManager.default.contentsOfDirectory(atPath: server.maildir.appendingPathComponent(".Processed/cur").path)) ?? []
        #expect(processed.count == scenarioMoved.count)
        let inbox = ["new", "cur"].flatMap { sub in
            ((try? FileManager.default.contentsOfDirectory(atPath: server.maildir.appendingPathComponent(sub).path)) ?? []).map {
                (sub, $0)
            }
        }
        #expect(inbox.count == scenario.count - scenarioMoved.count)
        #expect(inbox.allSatisfy { !$0.1.contains(":2,S") && !$0.1.hasSuffix("S") }, "\(inbox)")
        let listBefore = try String(contentsOf: fixture.listURL, encoding: .utf8)
        let again = try fixture.intake().run(
            source: try ImapInbox(url: server.url, doneFolder: "Processed", environment: server.environment, setLength: setLength))
        #expect(again.changes.isEmpty && again.moved == 0)
        #expect(try String(contentsOf: fixture.listURL, encoding: .utf8) == listBefore)
    }

    @Test("a message read in pieces is the message read in one, byte for byte, whole or cut at a limit")
    func readInPieces() throws {
        let server = try DovecotServer()
        let lines = (1...300).map { "Zeile \($0): Grüße aus Tōkyō, line \($0) of a long message." }
        try server.deliver(
            "From: Mailer <mailer@example.org>\nTo: editor@example.org\nSubject: long\n\n" + lines.joined(separator: "\n") + "\n",
            name: "long")
        let whole = try ImapInbox(url: server.url, doneFolder: "Processed", environment: server.environment)
        let ids = try whole.messageIDs()
        try #require(ids.count == 1)
        let message = try whole.read(ids[0], limit: 1 << 20)
        #expect(message.count > 15_000)
        // An odd piece size, so that no piece ends where a line or a character does.
        let pieces = try ImapInbox(url: server.url, doneFolder: "Processed", environment: server.environment, fetchChunk: 777)
        #expect(try pieces.messageIDs() == ids)
        #expect(try pieces.read(ids[0], limit: 1 << 20) == message)
        #expect(try pieces.read(ids[0], limit: 5_000) == Array(message.prefix(5_000)))
    }

    @Test("a move naming thousands of scattered UIDs goes through in several commands: one would pass Dovecot's 64 KB line")
    func longMove() throws {
        let server = try DovecotServer()
        try server.deliver("From: a@example.org\nTo: editor@example.org\nSubject: one\n\nHello.\n", name: "one")
        let source = try ImapInbox(url: server.url, doneFolder: "Processed", environment: server.environment)
        let ids = try source.messageIDs()
        try #require(ids.count == 1)
        let validity = ids[0].split(separator: "/")[0]
        // Every other UID up to 24,000 (none of them there but the first): 66,000 characters as one set.
        let many = ["\(validity)/1"] + (1...12_000).map { "\(validity)/\($0 * 2 + 1)" }
        try source.moveToDone(many)
        try source.markUnseen(many)
        let processed = ["new", "cur"].flatMap {
            (try? FileManager.default.contentsOfDirectory(atPath: server.maildir.appendingPathComponent(".Processed/\($0)").path)) ?? []
        }
        #expect(processed.count == 1)
    }

    @Test("a wrong password is refused with the server's word, and the password is never in the message")
    func wrongPassword() throws {
        let server = try DovecotServer()
        var environment = server.environment
        environment["DIGEST_IMAP_PASSWORD"] = "not-the-password-42"
        let source = try ImapInbox(url: server.url, doneFolder: "Processed", environment: environment)
        do {
            _ = try source.messageIDs()
            Issue.record("a wrong password was accepted")
        } catch {
            #expect(!error.description.contains("not-the-password-42"))
            #expect(error.description.contains("imap:127.0.0.1"))
        }
    }
}
