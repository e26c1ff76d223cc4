import DigestCore
import DigestMail
import Foundation
import Testing

@testable import DigestUnsubscribe

private let day = IssueDate(year: 2026, month: 12, day: 6)!

struct OneClickLogTests {
    @Test func pendingLinesAreAppliedOnceAndDamagedOrTornOnesLeftOut() throws {
        let folder = try ListFolder(readers: ["ann@example.org", "ben@example.org", "cid@example.org"])
        let logFolder = folder.root.appendingPathComponent(".digest/unsubscribe")
        do {
            let log = try OneClickLog(folder: logFolder)
            try log.append([.init(reader: "ann@example.org", seconds: 1), .init(reader: "ben@example.org", seconds: 2)])
        }
        // A damaged line (its checksum no longer matches) and a line a kill cut short.
        var text = try String(contentsOf: folder.logURL, encoding: .utf8)
        text = text.replacingOccurrences(of: "ben@example.org", with: "cid@example.org")
        try Data((text + "1 3 dee@exa").utf8).write(to: folder.logURL)

        let log = try OneClickLog(folder: logFolder)
        #expect(try String(contentsOf: folder.logURL, encoding: .utf8).hasSuffix("\n"))
        let desk = OneClickDesk(log: log, listURL: folder.listURL, listPath: "Subscribers/subscribers.csv", today: { day })
        let changes = try desk.applyPending()
        #expect(changes.count == 1)
        #expect(log.damagedLines == 1)
        #expect(folder.statuses["ann@example.org"] == "unsubscribed one-click")
        #expect(folder.statuses["ben@example.org"] == "subscribed")
        #expect(folder.statuses["cid@example.org"] == "subscribed")
        // Applied lines are not applied again: the editor's resubscription stays.
        try SubscriberList.modify(at: folder.listURL, path: "list") { _ = try $0.add("ann@example.org", name: "", on: day) }
        #expect(try desk.applyPending().isEmpty)
        #expect(folder.statuses["ann@example.org"] == "subscribed")
    }

    @Test func aSecondServerOnTheSameRepositoryIsRefused() throws {
        let folder = try ListFolder(readers: [])
        let logFolder = folder.root.appendingPathComponent(".digest/unsubscribe")
        let first = try OneClickLog(folder: logFolder)
        #expect(throws: FileWriteError.self) { _ = try OneClickLog(folder: logFolder) }
        withExtendedLifetime(first) {}
    }

    @Test(
        arguments: [
            ("List-Unsubscribe=One-Click", nil, true),
            ("List-Unsubscribe=One-Click", "application/x-www-form-urlencoded", true),
            ("a=b&List-Unsubscribe=One-Click", "application/x-www-form-urlencoded", true),
            ("List-Unsubscribe=One%2DClick", "application/x-www-form-urlencoded", true),
            ("List-Unsubscribe=One-Clicks", "application/x-www-form-urlencoded", false),
            ("List-Unsubscribe", "application/x-www-form-urlencoded", false),
            ("List-Unsubscribe=%zz", "application/x-www-form-urlencoded", false),
            (
                "--X\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--X--\r\n",
                "multipart/form-data; boundary=X",
                true
            ),
            (
                "--X\r\nContent-Disposition: form-data; name=\"Other\"\r\n\r\nOne-Click\r\n--X--\r\n", "multipart/form-data; boundary=X",
                false
            ),
        ] as [(String, String?, Bool)])
    func oneClickBodies(body: String, type: String?, expected: Bool) {
        #expect(OneClickBody.isOneClick(Array(body.utf8), contentType: type) == expected)
    }

    @Test func listenAddresses() {
        #expect(ListenAddress("127.0.0.1:0") == ListenAddress("127.0.0.1:0"))
        #expect(ListenAddress("127.0.0.1:8058")?.isLoopback == true)
        #expect(ListenAddress("[::1]:8058")?.host == "::1")
        #expect(ListenAddress("[::1]:8058")?.isLoopback == true)
        #expect(ListenAddress("0.0.0.0:8058")?.isLoopback == false)
        #expect(ListenAddress("192.0.2.1:80")?.isLoopback == false)
        #expect(ListenAddress("127.0.0.1") == nil)
        #expect(ListenAddress("127.0.0.1:99999") == nil)
        #expect(ListenAddress(":80") == nil)
        #expect(ListenAddress("::1:80") == nil)
    }
}
