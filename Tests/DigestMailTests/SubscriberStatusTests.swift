import DigestCore
import DigestMail
import Foundation
import Testing

@Suite("Statuses and their reasons")
struct SubscriberStatusTests {
    let day = IssueDate(iso: "2026-12-06")!

    @Test("a list of five columns reads and writes back byte for byte; a reason adds the sixth column")
    func oldListsStayReadable() throws {
        let old =
            "address,name,status,subscribed,changed\nann@example.org,Ann,subscribed,2024-01-01,2024-01-01\nben@example.org,,bounced,,\n"
        var (list, problems) = SubscriberList.parse(old, path: "s.csv")
        #expect(problems.isEmpty)
        #expect(list.csv == old)
        #expect(
            list.mark("ann@example.org", as: .complained, reason: "complaint (abuse) via Yahoo", on: day)
                == .changed(address: "ann@example.org", from: .subscribed))
        #expect(
            list.csv
                == "address,name,status,subscribed,changed,reason\nann@example.org,Ann,complained,2024-01-01,2026-12-06,complaint (abuse) via Yahoo\nben@example.org,,bounced,,,\n"
        )
        let (again, problemsAgain) = SubscriberList.parse(list.csv, path: "s.csv")
        #expect(problemsAgain.isEmpty)
        #expect(again.subscribers == list.subscribers)
        #expect(again.subscribers[0].reason == "complaint (abuse) via Yahoo")
        #expect(again.active.isEmpty)
    }

    @Test("a status only grows stronger by mark: a complaint is not made a bounce, a bounce not an unsubscription")
    func markNeverWeakens() {
        var list = SubscriberList(subscribers: [Subscriber(address: "Ann@example.org")])
        #expect(
            list.mark("ann@example.org", as: .unsubscribed, reason: "asked by mail", on: day)
                == .changed(address: "Ann@example.org", from: .subscribed))
        #expect(
            list.mark("ann@example.org", as: .bounced, reason: "550 5.1.1", on: day)
                == .changed(address: "Ann@example.org", from: .unsubscribed))
        #expect(
            list.mark("ann@example.org", as: .unsubscribed, reason: "again", on: day)
                == .unchanged(address: "Ann@example.org", status: .bounced))
        #expect(
            list.mark("ann@example.org", as: .complained, reason: "abuse", on: day) == .changed(address: "Ann@example.org", from: .bounced))
        #expect(
            list.mark("ann@example.org", as: .bounced, reason: "x", on: day) == .unchanged(address: "Ann@example.org", status: .complained))
        #expect(list.mark("nobody@example.org", as: .bounced, reason: "x", on: day) == .notFound)
        #expect(list.subscribers[0].reason == "abuse")
    }

    @Test("a reason with line breaks and control characters is kept on one line, and bounded")
    func reasonIsOneLine() {
        var list = SubscriberList(subscribers: [Subscriber(address: "ann@example.org")])
        _ = list.mark(
            "ann@example.org", as: .bounced, reason: "550 5.1.1\r\n  user\u{0} unknown " + String(repeating: "x", count: 500), on: day)
        let reason = list.subscribers[0].reason
        #expect(reason.hasPrefix("550 5.1.1 user unknown x"))
        #expect(reason.count == 200)
        #expect(!reason.unicodeScalars.contains { $0.value < 32 })
        #expect(SubscriberList.parse(list.csv, path: "s.csv").list.subscribers == list.subscribers)
    }

    @Test("a reason with a line break or an escape sequence is a bad row in the list, and cleaned to one line in an import")
    func reasonFromFileIsChecked() {
        let text =
            "address,name,status,subscribed,changed,reason\nann@example.org,Ann,unsubscribed,,,\"\u{1B}]0;x\u{7}\nfake@example.org\tsubscribed\"\n"
            + "ben@example.org,Ben,bounced,,,550 5.1.1\n"
        let message = "s.csv:2: error: the reason contains a line break or control character; remove it [subscribers]"
        let (list, problems) = SubscriberList.parse(text, path: "s.csv")
        #expect(list.subscribers.map(\.reason) == ["550 5.1.1"])
        #expect(problems.map(\.description) == [message])
        // Another tool's export may hold a reason a reader typed on several lines: kept, as one clean line.
        let imported = SubscriberImport(text: text, path: "s.csv")
        #expect(imported.incoming.map(\.address) == ["ann@example.org", "ben@example.org"])
        #expect(imported.incoming.first?.reason == "]0;x fake@example.org subscribed" && imported.problems.isEmpty)
    }

    @Test("an import with two rows for one reader keeps the stronger status, whichever row comes first, and reports the second")
    func duplicateRowsInAnImport() {
        let (incoming, problems, _) = SubscriberList.parseImport(
            "email,status\nAnn@Example.org,subscribed\nann@example.org,unsubscribed\nben@example.org,bounced\nben@example.org,subscribed\n",
            path: "two.csv")
        #expect(incoming.map(\.address) == ["Ann@Example.org", "ben@example.org"])
        #expect(incoming.map(\.status) == [.unsubscribed, .bounced])
        #expect(
            problems.map(\.description) == [
                "two.csv:3: error: ann@example.org is already on line 2 (letter case aside, one mailbox); keep one row per address; the reader is imported unsubscribed, as this row says [subscribers]",
                "two.csv:5: error: ben@example.org is already on line 4 (letter case aside, one mailbox); keep one row per address [subscribers]",
            ])
        var list = SubscriberList()
        _ = list.merge(incoming, on: day, path: "two.csv")
        #expect(list.active.isEmpty)
    }

    @Test("re-importing an old export brings nobody back who left, bounced or complained, unless told to; a complaint never")
    func importKeepsSuppression() {
        let base = SubscriberList(subscribers: [
            Subscriber(address: "ann@example.org", status: .unsubscribed), Subscriber(address: "ben@example.org", status: .bounced),
            Subscriber(address: "cid@example.org", status: .complained), Subscriber(address: "dee@example.org"),
        ])
        let (incoming, _, _) = SubscriberList.parseImport(
            "email,status\nann@example.org,subscribed\nben@example.org,subscribed\ncid@example.org,subscribed\ndee@example.org,subscribed\n",
            path: "old.csv")
        var list = base
        let summary = list.merge(incoming, on: day, path: "old.csv")
        #expect(summary.keptSuppressed == 3 && summary.resubscribed == 0 && summary.unchanged == 4)
        #expect(list.subscribers.map(\.status) == [.unsubscribed, .bounced, .complained, .subscribed])
        var told = base
        let forced = told.merge(incoming, on: day, path: "old.csv", resubscribe: true)
        #expect(forced.resubscribed == 2 && forced.keptSuppressed == 1 && forced.unchanged == 2)
        #expect(told.subscribers.map(\.status) == [.subscribed, .subscribed, .complained, .subscribed])
    }

    @Test("complained is read from digest's list and from other tools' exports, and is never mailed")
    func complainedIsRead() {
        let (list, problems) = SubscriberList.parse(
            "address,name,status,subscribed,changed\nann@example.org,,complained,,\nben@example.org,,subscribed,,\n", path: "s.csv")
        #expect(problems.isEmpty)
        #expect(list.subscribers.map(\.status) == [.complained, .subscribed])
        #expect(list.active.map(\.address) == ["ben@example.org"])
        let (incoming, importProblems, _) = SubscriberList.parseImport("email,status\ncid@example.org,complained\n", path: "in.csv")
        #expect(importProblems.isEmpty)
        #expect(incoming.map(\.status) == [.complained])
    }
}
