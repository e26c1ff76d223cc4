import DigestCore
import DigestMail
import Foundation
import Testing

@Suite("The subscriber list")
struct SubscriberListTests {
    @Test("reads quoted fields, commas, doubled quotes, CRLF and a byte-order mark")
    func parsesCSV() {
        let text =
            "\u{FEFF}address,name,status,subscribed,changed\r\n\"ed@example.org\",\"Ed, the \"\"Editor\"\"\",subscribed,2023-01-05,\r\nann@example.org,Ann,bounced,,2023-02-01\r\n"
        let (list, problems) = SubscriberList.parse(text, path: "s.csv")
        #expect(problems.isEmpty)
        #expect(list.subscribers.map(\.name) == ["Ed, the \"Editor\"", "Ann"])
        #expect(list.subscribers[0].subscribed == IssueDate(iso: "2023-01-05"))
        #expect(list.active.map(\.address) == ["ed@example.org"])
    }

    @Test("a bad row is reported with its line and left out; the good rows are kept")
    func badRows() {
        let text = """
            address,name,status
            good@example.org,Good
            not-an-address,Bad
            "line@example.org
            Bcc: everyone@example.org",Injected
            other@example.org,Other,paused
            GOOD@example.org,Case differs in the local part
            dup@Example.ORG,First
            dup@example.org,Second
            "unclosed@example.org,Never closed

            """
        let (list, problems) = SubscriberList.parse(text, path: "s.csv")
        #expect(list.subscribers.map(\.address) == ["good@example.org", "dup@Example.ORG"])
        #expect(
            problems.map(\.description) == [
                "s.csv:3: error: the address \"not-an-address\" is not an address of the form name@example.org [subscribers]",
                "s.csv:4: error: the address contains a line break or NUL, which could forge mail headers; remove it [subscribers]",
                "s.csv:6: error: status \"paused\" must be subscribed, unsubscribed, bounced or complained [subscribers]",
                "s.csv:7: error: GOOD@example.org is already on line 2 (letter case aside, one mailbox); keep one row per address [subscribers]",
                "s.csv:9: error: dup@example.org is already on line 8 (letter case aside, one mailbox); keep one row per address [subscribers]",
                "s.csv:10: error: a quoted field is never closed; add the closing \" [subscribers]",
            ])
    }

    @Test("CR, LF or NUL in a name is refused, since names go into headers")
    func headerInjection() {
        #expect(Subscriber.problem(address: "a@example.org", name: "Ann\r\nBcc: x@example.org") != nil)
        #expect(Subscriber.problem(address: "a@example.org\0", name: "Ann") != nil)
        #expect(Subscriber.problem(address: "a@example.org", name: "Ann") == nil)
    }

    @Test("add and remove keep each address once and its history")
    func addAndRemove() throws {
        var list = SubscriberList()
        let day = try #require(IssueDate(iso: "2023-04-06"))
        #expect(try list.add("ed@Example.org", name: "Ed", on: day) == "subscribed ed@Example.org")
        #expect(try list.add("ed@example.ORG", name: "", on: day) == "ed@example.ORG is already subscribed as ed@Example.org")
        #expect(try list.add("ED@example.org", name: "", on: day) == "ED@example.org is already subscribed as ed@Example.org")
        #expect(try list.remove("Ed@example.org", on: day) == "unsubscribed ed@Example.org")
        #expect(list.active.isEmpty && list.subscribers.count == 1)
        #expect(try list.add("eD@EXAMPLE.org", name: "", on: day) == "subscribed ed@Example.org again")
        #expect(list.subscribers.map(\.address) == ["ed@Example.org"])
        #expect(throws: SubscriberError.self) { try list.add("bad\n@example.org", name: "", on: day) }
        #expect(throws: SubscriberError.self) { try list.remove("nobody@example.org", on: day) }
    }

    @Test("the list is written whole through a rename, and reads back the same")
    func atomicWrite() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-subscribers-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("subscribers.csv")
        let list = SubscriberList(subscribers: [
            Subscriber(address: "ed@example.org", name: "Ed, \"the\" Editor", subscribed: IssueDate(iso: "2023-01-05")),
            Subscriber(address: "ann@example.org", name: " Ann ", status: .bounced),
        ])
        try SubscriberList.modify(at: url, path: "s.csv") { $0 = list }
        let written = try String(contentsOf: url, encoding: .utf8)
        #expect(
            written
                == "address,name,status,subscribed,changed\ned@example.org,\"Ed, \"\"the\"\" Editor\",subscribed,2023-01-05,\nann@example.org,\" Ann \",bounced,,\n"
        )
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == [".lock", "subscribers.csv"])
        let (reread, problems) = SubscriberList.parse(written, path: "s.csv")
        #expect(problems.isEmpty)
        #expect(reread.subscribers.map(\.address) == list.subscribers.map(\.address))
        #expect(reread.subscribers[0].name == "Ed, \"the\" Editor")
    }

    @Test("add and remove name the line of the row they found, read from the file")
    func lines() throws {
        let text = "address,name\n\"bad\n@example.org\",X\nann@example.org,Ann\n\nbob@example.org,Bob\n"
        var (list, problems) = SubscriberList.parse(text, path: "s.csv")
        #expect(problems.count == 1)
        let day = try #require(IssueDate(iso: "2023-04-06"))
        #expect(try list.remove("BOB@example.org", on: day) == "unsubscribed bob@example.org (line 6)")
        #expect(try list.add("Ann@example.org", name: "", on: day) == "Ann@example.org is already subscribed as ann@example.org (line 4)")
    }

    @Test("a non-empty field past the header's last column is an error with its line; empty ones are harmless")
    func extraFields() {
        let text =
            "address,name,status\nann@example.org,Ann,subscribed,\nben@example.org,Ben, Jr,unsubscribed\ncid@example.org,Cid,subscribed, ,\n"
        let (list, problems) = SubscriberList.parse(text, path: "s.csv")
        #expect(list.subscribers.map(\.address) == ["ann@example.org", "cid@example.org"])
        #expect(
            problems.map(\.description) == [
                "s.csv:3: error: the row has 4 fields but the header names 3; put a field that holds a comma in quotes [subscribers]"
            ])
    }

    @Test("a file whose lines end in a lone CR is refused at line 1, in the list and in an import, never read as empty")
    func loneCRLines() throws {
        let text = "address,name,status,subscribed,changed\rann@example.org,Ann,subscribed,,\rbob@example.org,Bob,unsubscribed,,\r"
        let message = "the lines end in a lone CR (an old Mac export), so the file reads as one line; save it with LF or CRLF line ends"
        let (list, problems) = SubscriberList.parse(text, path: "s.csv")
        #expect(list.subscribers.isEmpty)
        #expect(problems.map(\.description) == ["s.csv:1: error: \(message) [subscribers]"])
        let imported = SubscriberImport(text: "email,name\rann@example.org,Ann\r", path: "mac.csv")
        #expect(imported.incoming.isEmpty)
        #expect(imported.problems.map(\.description) == ["mac.csv:1: error: \(message) [subscribers]"])

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-lone-cr-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("subscribers.csv")
        try Data(text.utf8).write(to: url)
        let day = try #require(IssueDate(iso: "2023-04-06"))
        #expect(throws: SubscriberError.self) {
            try SubscriberList.modify(at: url, path: "s.csv") { try $0.add("cid@example.org", name: "", on: day) }
        }
        #expect(try String(contentsOf: url, encoding: .utf8) == text)
    }

    @Test("modify writes a change through the lock; a list with bad rows, or one that cannot be read, is refused and kept")
    func modify() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-modify-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("subscribers.csv")
        let day = try #require(IssueDate(iso: "2023-04-06"))
        let message = try SubscriberList.modify(at: url, path: "s.csv") { try $0.add("ann@example.org", name: "Ann", on: day) }
        #expect(message == "subscribed ann@example.org")
        #expect(
            try String(contentsOf: url, encoding: .utf8)
                == "address,name,status,subscribed,changed\nann@example.org,Ann,subscribed,2023-04-06,2023-04-06\n")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(".lock").path))
        let damaged = "address,name\nann@example.org,Ann\nnot-an-address,X\n"
        try Data(damaged.utf8).write(to: url)
        #expect(throws: SubscriberError.self) {
            try SubscriberList.modify(at: url, path: "s.csv") { try $0.add("bob@example.org", name: "", on: day) }
        }
        #expect(try String(contentsOf: url, encoding: .utf8) == damaged)
        if getuid() != 0 {
            try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: url.path)
            #expect(throws: SubscriberError.self) { try SubscriberList.modify(at: url, path: "s.csv") { _ in } }
        }
    }
}
