import DigestInbox
import DigestTestSupport
import Foundation
import Testing

@Suite("An IMAP session against a server that stalls")
struct ImapStallTests {
    /// How long the end of a session with `server` took: its empty mailbox read, then the
    /// session let go.
    private func sessionEnd(server: TestServer, logoutTimeout: Int) throws -> Duration {
        var inbox: ImapInbox? = try ImapInbox(
            url: "imap://127.0.0.1:\(server.port)/INBOX", doneFolder: "Processed",
            environment: ["DIGEST_IMAP_USER": "reader", "DIGEST_IMAP_PASSWORD": "not-a-secret"], logoutTimeout: logoutTimeout)
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

    @Test("a server that stops in the middle of a message fails the read after the silence limit, not never")
    func stalledMessage() throws {
        let server = try TestServer("imap_server.py", ["--stall-in-message", "100", "--echo-events"])
        let inbox = try ImapInbox(
            url: "imap://127.0.0.1:\(server.port)/INBOX", doneFolder: "Processed",
            environment: ["DIGEST_IMAP_USER": "reader", "DIGEST_IMAP_PASSWORD": "not-a-secret"], silenceLimit: 5, logoutTimeout: 1)
        let ids = try inbox.messageIDs()
        #expect(ids == ["7/1"])
        // Read on a thread of its own: were the read to hang, the test fails rather than hangs.
        let reading = Reading(inbox)
        let clock = ContinuousClock()
        let start = clock.now
        Thread.detachNewThread { reading.run() }
        #expect(reading.done.wait(timeout: .now() + 30) == .success, "reading a message the server stopped sending did not end")
        let waited = clock.now - start
        #expect(reading.failed, "the read of a message cut short succeeded")
        #expect(server.waitForEvent("message-stalled", timeout: 30))
        #expect(waited < .seconds(30), "reading a message the server stopped sending took \(waited)")
    }
}

/// One read of message 7/1, on a thread of its own: whether it failed, and a semaphore for its end.
// Unchecked: `failed` is written before `done` is signalled and read only after it.
private final class Reading: @unchecked Sendable {
    let inbox: ImapInbox
    let done = DispatchSemaphore(value: 0)
    var failed = false
    init(_ inbox: ImapInbox) { self.inbox = inbox }
    func run() {
        do { _ = try inbox.read("7/1", limit: 1 << 20) } catch { failed = true }
        done.signal()
    }
}
