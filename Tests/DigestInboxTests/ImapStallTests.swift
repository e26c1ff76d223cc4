import DigestInbox
import DigestTestSupport
import Foundation
import Testing

@Suite("An IMAP session against a server that stalls")
struct ImapStallTests {
    /// A session with `server`'s INBOX.
    private func inbox(
        of server: TestServer, silenceLimit: Int = 60, logoutTimeout: Int, fetchChunk: Int = 256 * 1024
    ) throws -> ImapInbox {
        try ImapInbox(
            url: "imap://127.0.0.1:\(server.port)/INBOX", doneFolder: "Processed",
            environment: ["DIGEST_IMAP_USER": "reader", "DIGEST_IMAP_PASSWORD": "not-a-secret"], silenceLimit: silenceLimit,
            logoutTimeout: logoutTimeout, fetchChunk: fetchChunk)
    }

    /// How long the end of a session with `server` took: its empty mailbox read, then the
    /// session let go.
    private func sessionEnd(server: TestServer, logoutTimeout: Int) throws -> Duration {
        var inbox: ImapInbox? = try inbox(of: server, logoutTimeout: logoutTimeout)
        #expect(try inbox?.messageIDs() == [])
        let clock = ContinuousClock()
        let start = clock.now
        inbox = nil
        return clock.now - start
    }

    @Test("a server that never answers LOGOUT holds the session's end for the logout timeout, not libcurl's minute")
    func stalledLogout() throws {
        let server = try TestServer("imap_server.py", ["--stall-logout", "--echo-events"])
        let waited = try sessionEnd(server: server, logoutTimeout: 1)
        // libcurl said LOGOUT and waited for the reply: the limit ended the wait.
        #expect(server.waitForEvent("logout-held", timeout: 30))
        #expect(waited >= .milliseconds(900), "the session ended after \(waited), before its LOGOUT was given time")
        #expect(waited < .seconds(30), "the session's end waited \(waited) for a LOGOUT reply that never came")
    }

    @Test("a server that answers LOGOUT ends the session at once")
    func answeredLogout() throws {
        let server = try TestServer("imap_server.py", ["--echo-events"])
        let waited = try sessionEnd(server: server, logoutTimeout: 30)
        #expect(server.waitForEvent("command LOGOUT", timeout: 30))
        #expect(waited < .seconds(10), "the session's end took \(waited) though the server answered LOGOUT")
    }

    /// The read of message 7/1 from `server`'s INBOX, its one message, begun on a thread of
    /// its own: a read that hangs fails the test rather than hangs it.
    private func startReading(
        from server: TestServer, silenceLimit: Int, limit: Int, fetchChunk: Int = 256 * 1024
    ) throws -> Reading {
        let inbox = try inbox(of: server, silenceLimit: silenceLimit, logoutTimeout: 1, fetchChunk: fetchChunk)
        #expect(try inbox.messageIDs() == ["7/1"])
        let reading = Reading(inbox, limit: limit)
        Thread.detachNewThread { reading.run() }
        return reading
    }

    @Test("a server that stops in the middle of a message fails the read after the silence limit, not never")
    func stalledMessage() throws {
        let server = try TestServer("imap_server.py", ["--stall-in-message", "100", "--echo-events"])
        let reading = try startReading(from: server, silenceLimit: 5, limit: 1 << 20)
        // Required: a read still going must not be looked at.
        try #require(reading.done.wait(timeout: .now() + 30) == .success, "reading a message the server stopped sending did not end")
        #expect(reading.failed, "the read of a message cut short succeeded")
        #expect(server.waitForEvent("message-stalled", timeout: 30))
    }

    @Test("a read fetches only the bytes it asks for: a message that stalls after them is read at once")
    func partialFetch() throws {
        let server = try TestServer("imap_server.py", ["--stall-in-message", "2000", "--echo-events"])
        let reading = try startReading(from: server, silenceLimit: 30, limit: 1_000)
        try #require(reading.done.wait(timeout: .now() + 20) == .success, "the read waited for bytes it did not ask for")
        #expect(!reading.failed)
        expectServerMessage(reading.bytes, count: 1_000)
        #expect(server.log().contains("fetch []<0.1000>"), "\(server.log())")
    }

    @Test("a message on a slow link comes piece by piece, each within the reply timeout, where one fetch would outlast it")
    func slowLink() throws {
        // 6,000 bytes at 2,000 a second: one FETCH takes 3 s, past a 2 s reply timeout; a
        // piece of 1,000 bytes takes half a second.
        let server = try TestServer("imap_server.py", ["--slow-message", "6000", "2000", "--echo-events"])
        let reading = try startReading(from: server, silenceLimit: 2, limit: 1 << 20, fetchChunk: 1_000)
        try #require(reading.done.wait(timeout: .now() + 60) == .success, "reading a message on a slow link did not end")
        #expect(!reading.failed, "a message on a slow link could not be read")
        expectServerMessage(reading.bytes, count: 6_000)
        // Each piece after the first begins 16 bytes back; the seventh brings nothing new, and
        // none begins past the end (which some servers answer in a way libcurl cannot read).
        let fetches = server.log().filter { $0.hasPrefix("fetch ") }
        #expect(fetches == ["fetch []<0.1000>"] + (1...6).map { "fetch []<\($0 * 1_000 - 16).1016>" }, "\(fetches)")
    }

    @Test("a server that does not begin a piece where asked is caught, and the message fetched in one piece")
    func piecesFromTheWrongPlace() throws {
        let server = try TestServer("imap_server.py", ["--slow-message", "3000", "1000000", "--ignore-offsets", "--echo-events"])
        let reading = try startReading(from: server, silenceLimit: 30, limit: 100_000, fetchChunk: 1_000)
        try #require(reading.done.wait(timeout: .now() + 60) == .success, "reading from a server that ignores offsets did not end")
        #expect(!reading.failed)
        expectServerMessage(reading.bytes, count: 3_000)
        let fetches = server.log().filter { $0.hasPrefix("fetch ") }
        #expect(fetches == ["fetch []<0.1000>", "fetch []<984.1016>", "fetch []<0.100000>"], "\(fetches)")
    }

    @Test("a listing longer than the reply limit fails the run, saying so, rather than ends at a byte")
    func listingTooLong() throws {
        let server = try TestServer("imap_server.py", ["--slow-message", "100", "1000000", "--count", "10", "--echo-events"])
        // Ten lines of listing ("* 1 FETCH (UID 1 FLAGS ())"), 290 bytes; the other answers are shorter than 100.
        let inbox = try ImapInbox(
            url: "imap://127.0.0.1:\(server.port)/INBOX", doneFolder: "Processed",
            environment: ["DIGEST_IMAP_USER": "reader", "DIGEST_IMAP_PASSWORD": "not-a-secret"], logoutTimeout: 1, replyLimit: 100)
        #expect {
            _ = try inbox.messageIDs()
        } throws: { error in
            "\(error)".contains("the answer to UID FETCH is over 100 bytes") && "\(error)".contains("move older messages")
        }
        // With room for it, the same listing is read whole.
        let roomy = try ImapInbox(
            url: "imap://127.0.0.1:\(server.port)/INBOX", doneFolder: "Processed",
            environment: ["DIGEST_IMAP_USER": "reader", "DIGEST_IMAP_PASSWORD": "not-a-secret"], logoutTimeout: 1, replyLimit: 1_000)
        #expect(try roomy.messageIDs() == (1...10).map { "7/\($0)" })
    }

    /// Expects `bytes` to be the first `count` bytes of the server's message; a mismatch is
    /// told by its length, not printed byte by byte.
    private func expectServerMessage(_ bytes: [UInt8], count: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(bytes.count == count, sourceLocation: sourceLocation)
        let same = bytes == serverMessage(prefix: count)
        #expect(same, "the bytes read are not the server's message", sourceLocation: sourceLocation)
    }

    /// The first `count` bytes of imap_server.py's message: lines `000000`, `000001`, ….
    private func serverMessage(prefix count: Int) -> [UInt8] {
        let lines = (0...(count / 7)).map { number in
            let digits = String(number)
            return String(repeating: "0", count: 6 - digits.count) + digits + "\n"
        }
        return Array(Array(lines.joined().utf8).prefix(count))
    }
}

/// One read of message 7/1, on a thread of its own: what it read or whether it failed, and a
/// semaphore for its end.
// Unchecked: `failed` and `bytes` are written before `done` is signalled and read only after it.
private final class Reading: @unchecked Sendable {
    let inbox: ImapInbox
    let limit: Int
    let done = DispatchSemaphore(value: 0)
    var failed = false
    var bytes: [UInt8] = []
    init(_ inbox: ImapInbox, limit: Int) {
        self.inbox = inbox
        self.limit = limit
    }
    func run() {
        do { bytes = try inbox.read("7/1", limit: limit) } catch { failed = true }
        done.signal()
    }
}
