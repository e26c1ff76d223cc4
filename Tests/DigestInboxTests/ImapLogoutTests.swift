import DigestInbox
import DigestTestSupport
import Foundation
import Testing

@Suite("The end of an IMAP session, against a server that stalls")
struct ImapLogoutTests {
    /// How long the end of a session with `server` took: its empty mailbox read, then the
    /// session let go.
    private func sessionEnd(server: TestServer, logoutTimeout: Double) throws -> Duration {
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
}
