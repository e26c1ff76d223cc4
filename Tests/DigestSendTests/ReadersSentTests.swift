import DigestCore
import DigestSend
import Foundation
import Testing

/// What `digest publish` asks the send's records: how many readers were mailed.
@Suite("Readers sent, for digest publish")
struct ReadersSentTests {
    @Test("the journal on this machine, or the committed summary on another, counts; the outbox does not")
    func counts() throws {
        let place = HistoryRoot()
        defer { place.cleanUp() }
        func sent() throws -> Int { try SendHistory.readersSent(root: place.root, issueKey: "vol-2.5") { $0.lastPathComponent } }
        #expect(try sent() == 0)

        // A send to the outbox mails nobody.
        let outbox = place.history(toOutbox: true)
        try FileManager.default.createDirectory(at: outbox.journalURL.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("intent\tr1@example.org\t<1@x>\t\naccepted\tr1@example.org\t<1@x>\t250 ok\n".utf8).write(to: outbox.journalURL)
        #expect(try sent() == 0)

        let history = place.history()
        try FileManager.default.createDirectory(at: history.journalURL.deletingLastPathComponent(), withIntermediateDirectories: true)
        var text = ""
        for index in 0..<3 {
            text += "intent\tr\(index)@example.org\t<\(index)@x>\t\naccepted\tr\(index)@example.org\t<\(index)@x>\t250 ok\n"
        }
        text += "intent\tr9@example.org\t<9@x>\t\n"
        try Data(text.utf8).write(to: history.journalURL)
        #expect(try sent() == 3)

        try history.writeSummary(key: place.key, title: "Vol 2.5")
        try FileManager.default.removeItem(at: history.journalURL)
        #expect(try sent() == 3)
    }
}
