import DigestCore
import DigestMail
import Foundation
import Testing

@testable import DigestInbox

/// The repository this test file is in, for its `digest.yaml`.
private let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// `digest inbox` without the command: the mailbox chosen, the key, the run and its report.
@Suite("digest inbox in a repository")
struct InboxRunTests {
    func settings(inbox: String? = nil) throws -> Settings {
        var settings = try SettingsFile.load(from: repositoryRoot.appendingPathComponent("digest.yaml"))
        settings.list.id = Samples.listID
        settings.list.inbox = inbox
        return settings
    }

    func run(_ root: URL, settings: Settings, mailbox: String?, environment: [String: String] = [:]) -> InboxRun {
        InboxRun(
            root: root, settings: settings, mailbox: mailbox, environment: environment, today: IntakeFixture.day,
            displayPath: { "shown:" + $0.lastPathComponent })
    }

    @Test("an IMAP password without its user name is refused before connecting, not dropped in silence")
    func halfALogin() throws {
        let inbox = run(
            URL(fileURLWithPath: "/r"), settings: try settings(), mailbox: "imaps://127.0.0.1:1/INBOX",
            environment: ["DIGEST_IMAP_PASSWORD": "s3cret"])
        do {
            _ = try inbox.source()
            Issue.record("the mailbox was opened")
        } catch {
            #expect("\(error)".contains("DIGEST_IMAP_PASSWORD is set but DIGEST_IMAP_USER is not"), "\(error)")
        }
    }

    @Test("the mailbox is --from, then DIGEST_INBOX (unless empty), then list.inbox, else none")
    func mailboxName() throws {
        let root = URL(fileURLWithPath: "/r")
        let settings = try settings(inbox: "maildir:Settings")
        #expect(
            run(root, settings: settings, mailbox: "maildir:Option", environment: ["DIGEST_INBOX": "maildir:Env"]).mailboxName
                == "maildir:Option")
        #expect(run(root, settings: settings, mailbox: nil, environment: ["DIGEST_INBOX": "maildir:Env"]).mailboxName == "maildir:Env")
        #expect(run(root, settings: settings, mailbox: nil, environment: ["DIGEST_INBOX": ""]).mailboxName == "maildir:Settings")
        #expect(run(root, settings: try self.settings(), mailbox: nil).mailboxName == nil)
        #expect(try run(root, settings: try self.settings(), mailbox: nil).source() == nil)
    }

    @Test("a relative Maildir is the repository's; a mailbox that cannot be one is refused saying why")
    func sources() throws {
        let fixture = try IntakeFixture(readers: [], messages: [])
        defer { fixture.remove() }
        let source = try run(fixture.root, settings: try settings(), mailbox: "maildir:Mail").source()
        #expect(source is MaildirInbox)
        let missing = #expect(throws: InboxError.self) {
            try run(fixture.root, settings: try settings(), mailbox: "maildir:Nowhere").source()
        }
        #expect(missing?.description.contains("is not a Maildir (it has no cur/ folder)") == true)
        let unknown = #expect(throws: InboxError.self) { try run(fixture.root, settings: try settings(), mailbox: "pop3://host").source() }
        #expect(unknown?.description.hasPrefix("the mailbox pop3://host ") == true)
    }

    @Test("a run without the key says so, applies what the mailbox asks, and reports it line by line; a second changes nothing")
    func runs() throws {
        let letter = "From: Dee <dee@example.org>\r\nSubject: Thanks\r\n\r\nGreat read.\r\n"
        let fixture = try IntakeFixture(
            readers: ["ann@example.org", "fay@example.org"],
            messages: [
                ("1.bounce", Samples.postfix("ann@example.org")),
                ("2.unsub", Samples.unsubscribe(reader: "fay@example.org", token: nil, from: "fay@example.org")),
                ("3.letter", letter),
            ])
        defer { fixture.remove() }
        var notes: [String] = []
        let report = try run(fixture.root, settings: try settings(), mailbox: "maildir:Mail").run { notes.append($0) }
        #expect(notes.count == 1 && notes[0].hasPrefix("note: \(UnsubscribeKey.environmentVariable) is not set"))
        #expect(fixture.statuses == ["ann@example.org": "bounced", "fay@example.org": "unsubscribed"])
        let lines = report.lines(doneFolder: "Processed") { $0.path }
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("ann@example.org: subscribed → bounced (5.1.1 "))
        #expect(lines[1] == "fay@example.org: subscribed → unsubscribed (asked by mail from their own address)")
        #expect(lines[2] == "2 readers changed; 2 messages moved to Processed; 0 left for you; 1 not about the list, left as they were")
        #expect(fixture.moved == ["1.bounce", "2.unsub"] && fixture.remaining == ["3.letter"])

        let key = [UnsubscribeKey.environmentVariable: Samples.secret]
        notes = []
        let again = try run(fixture.root, settings: try settings(), mailbox: "maildir:Mail", environment: key).run { notes.append($0) }
        #expect(notes.isEmpty)
        #expect(
            again.lines(doneFolder: "Done") { $0.path } == [
                "0 readers changed; 0 messages moved to Done; 0 left for you; 1 not about the list, left as they were"
            ])
    }

    @Test("the summary counts in the singular, names a killed run's moves, and shows a message's own path as given")
    func summary() {
        var report = InboxReport()
        report.moved = 1
        report.resumedMoves = 1
        report.notes = [.init(shown: "/repo/Mail/new/9", note: "a reply to read", understood: true)]
        #expect(
            report.lines(doneFolder: "Processed") { "Mail/new/" + $0.lastPathComponent } == [
                "left for you: Mail/new/9: a reply to read",
                "0 readers changed; 1 message moved to Processed (1 applied by an earlier run that stopped); 1 left for you; 0 not about the list, left as they were",
            ])
    }
}
