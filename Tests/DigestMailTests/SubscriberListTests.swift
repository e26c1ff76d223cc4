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
        #expect(list.subscribers.map(\.address) == ["good@example.org", "GOOD@example.org", "dup@Example.ORG"])
        #expect(
            problems.map(\.description) == [
                "s.csv:3: error: the address \"not-an-address\" is not an address of the form name@example.org [subscribers]",
                "s.csv:4: error: the address contains a line break or NUL, which could forge mail headers; remove it [subscribers]",
                "s.csv:6: error: status \"paused\" must be subscribed, unsubscribed or bounced [subscribers]",
                "s.csv:9: error: dup@example.org is already on line 8; keep one row per address [subscribers]",
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
        #expect(try list.add("ed@example.ORG", name: "", on: day) == "ed@example.ORG is already subscribed")
        #expect(try list.remove("ed@example.org", on: day) == "unsubscribed ed@example.org")
        #expect(list.active.isEmpty && list.subscribers.count == 1)
        #expect(try list.add("ed@example.org", name: "", on: day) == "subscribed ed@example.org again")
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
        try list.write(to: url)
        let written = try String(contentsOf: url, encoding: .utf8)
        #expect(
            written
                == "address,name,status,subscribed,changed\ned@example.org,\"Ed, \"\"the\"\" Editor\",subscribed,2023-01-05,\nann@example.org,\" Ann \",bounced,,\n"
        )
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["subscribers.csv"])
        let (reread, problems) = SubscriberList.parse(written, path: "s.csv")
        #expect(problems.isEmpty)
        #expect(reread.subscribers.map(\.address) == list.subscribers.map(\.address))
        #expect(reread.subscribers[0].name == "Ed, \"the\" Editor")
    }
}
