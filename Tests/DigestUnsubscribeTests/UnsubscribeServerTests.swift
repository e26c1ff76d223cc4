import DigestCore
import DigestMail
import DigestTestSupport
import Foundation
import Synchronization
import Testing

/// The query digest puts in a reader's https link, made the way `digest send` makes it.
private func link(_ address: String, port: Int, secret: String = testSecret) throws -> String {
    var settings = Settings.thisRepository
    settings.list.unsubscribeURL = "http://127.0.0.1:\(port)/alliance-digest/unsubscribe"
    let links = try UnsubscribeKey(secret: secret).links(for: Subscriber(address: address), settings: settings)
    let https = try #require(links.https)
    return String(https.dropFirst("http://127.0.0.1:\(port)".count))
}

private let oneClick = "List-Unsubscribe=One-Click"

@Suite(.serialized)
struct UnsubscribeServerTests {
    @Test func aPostWithAValidLinkUnsubscribesTheReaderOnceRecorded() throws {
        let folder = try ListFolder(readers: ["ann@example.org", "ben@example.org"])
        let server = try ServerProcess(in: folder)
        let answer = try request("POST", try link("ann@example.org", port: server.port), port: server.port, body: oneClick)
        #expect(answer.status == 200)
        #expect(answer.body.contains("You are unsubscribed"))
        #expect(folder.statuses["ann@example.org"] == "unsubscribed one-click")
        #expect(folder.statuses["ben@example.org"] == "subscribed")
        #expect(folder.logLines.count == 1)
        let mode = try FileManager.default.attributesOfItem(atPath: folder.logURL.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func aReplayIsAnsweredAndChangesNothing() throws {
        let folder = try ListFolder(readers: ["ann@example.org"])
        let server = try ServerProcess(in: folder)
        let target = try link("ann@example.org", port: server.port)
        #expect(try request("POST", target, port: server.port, body: oneClick).status == 200)
        let after = folder.list
        #expect(try request("POST", target, port: server.port, body: oneClick).status == 200)
        #expect(folder.list == after)
    }

    @Test func aGetShowsAConfirmButtonAndChangesNothing() throws {
        let folder = try ListFolder(readers: ["o'neil&co@example.org"])
        let before = folder.list
        let server = try ServerProcess(in: folder)
        let target = try link("o'neil&co@example.org", port: server.port)
        let answer = try request("GET", target, port: server.port)
        #expect(answer.status == 200)
        #expect(answer.body.contains("<form method=\"post\""))
        #expect(answer.body.contains("name=\"List-Unsubscribe\" value=\"One-Click\""))
        #expect(answer.body.contains("o&#39;neil&amp;co@example.org"))
        #expect(!answer.body.contains("o'neil&co"))
        #expect(answer.head.lowercased().contains("content-type: text/html; charset=utf-8"))
        #expect(try request("HEAD", target, port: server.port).status == 200)
        #expect(folder.list == before)
        #expect(folder.logLines.isEmpty)
        // The page's button: its action, against the page's URL, is the same link.
        let action = try #require(answer.body.components(separatedBy: "action=\"").dropFirst().first?.split(separator: "\"").first)
        let path = target.split(separator: "?").first!
        let posted = try request("POST", "\(path)\(action.replacingOccurrences(of: "&amp;", with: "&"))", port: server.port, body: oneClick)
        #expect(posted.status == 200)
        #expect(folder.statuses["o'neil&co@example.org"] == "unsubscribed one-click")
    }

    @Test func badOrMissingTokensAndBodiesAreRefusedAndNothingIsWritten() throws {
        let folder = try ListFolder(readers: ["ann@example.org"])
        let before = folder.list
        let server = try ServerProcess(in: folder)
        let target = try link("ann@example.org", port: server.port)
        let forOther = try link("ben@example.org", port: server.port)
        let otherToken = String(forOther.split(separator: "token=").last!)
        let wrongSecret = try link("ann@example.org", port: server.port, secret: "another-secret-0123456789")
        let cases: [(String, String, String?, Int)] = [
            ("POST", "/alliance-digest/unsubscribe?reader=ann%40example.org&token=\(otherToken)", oneClick, 403),
            ("POST", wrongSecret, oneClick, 403),
            ("GET", wrongSecret, nil, 403),
            ("POST", "/alliance-digest/unsubscribe?reader=ann%40example.org", oneClick, 400),
            ("POST", "/alliance-digest/unsubscribe", oneClick, 400),
            ("POST", target, "List-Unsubscribe=Yes", 400),
            ("POST", target, "", 400),
            ("POST", target, String(repeating: "a", count: 100_000), 413),
            ("DELETE", target, nil, 405),
        ]
        for (method, path, body, status) in cases {
            let answer = try request(method, path, port: server.port, body: body)
            #expect(answer.status == status, "\(method) \(path.prefix(80)) \(body?.prefix(30) ?? "")")
        }
        #expect(folder.list == before)
        #expect(folder.logLines.isEmpty)
    }

    @Test func hostileRequestsGetAnAnswerAndTheServerKeepsServing() throws {
        let folder = try ListFolder(readers: ["ann@example.org"])
        let server = try ServerProcess(in: folder)
        var generator = SplitMix64.forTest(seed: 0x0C11C)
        for _ in 0..<30 {
            let bytes = (0..<Int.random(in: 1...600, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = try exchange(bytes + Array("\r\n\r\n".utf8), port: server.port)
        }
        _ = try exchange(
            Array("GET /?reader=\(String(repeating: "%", count: 5000))&token=%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8),
            port: server.port)
        _ = try exchange(Array("POST /x HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n".utf8), port: server.port)
        let target = try link("ann@example.org", port: server.port)
        #expect(try request("POST", target, port: server.port, body: oneClick).status == 200)
        #expect(folder.statuses["ann@example.org"] == "unsubscribed one-click")
    }

    @Test(
        "a body sent a byte at a time, each within the idle timeout, loses the connection after 30 s, answered or not",
        arguments: [true, false])
    func aSlowBodyIsCutOff(validToken: Bool) throws {
        let folder = try ListFolder(readers: ["ann@example.org"])
        let server = try ServerProcess(in: folder)
        let target = validToken ? try link("ann@example.org", port: server.port) : "/?reader=ann%40example.org&token=0"
        let head = "POST \(target) HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n"
        // Closed at all (before, still open at 45 s), and not by the 10 s idle timeout: no
        // upper bound beyond that, which a loaded machine could pass.
        let closedAfter = try #require(try trickle(head, port: server.port, every: 3, giveUpAfter: 90))
        #expect(closedAfter >= 25, "closed after \(closedAfter) s")
        #expect(try request("POST", try link("ann@example.org", port: server.port), port: server.port, body: oneClick).status == 200)
    }

    @Test func concurrentPostsForDifferentReadersAreAllApplied() throws {
        let readers = (0..<60).map { "reader\($0)@example.org" }
        let folder = try ListFolder(readers: readers + ["stays@example.org"])
        let server = try ServerProcess(in: folder)
        let port = server.port
        let targets = try readers.map { try link($0, port: port) }
        let statuses = Mutex([Int](repeating: 0, count: readers.count))
        DispatchQueue.concurrentPerform(iterations: readers.count) { index in
            let status = (try? request("POST", targets[index], port: port, body: oneClick))?.status ?? -1
            statuses.withLock { $0[index] = status }
        }
        #expect(statuses.withLock { $0 } == [Int](repeating: 200, count: readers.count))
        let listed = folder.statuses
        for reader in readers { #expect(listed[reader] == "unsubscribed one-click", "\(reader)") }
        #expect(listed["stays@example.org"] == "subscribed")
        #expect(folder.logLines.count == readers.count)
    }

    @Test func aKillUnderLoadLosesNoRequestThatWasAnswered() throws {
        var generator = SplitMix64.forTest(seed: 0x51C_0C11C)
        let readers = (0..<300).map { "load\($0)@example.org" }
        let folder = try ListFolder(readers: readers)
        let server = try ServerProcess(in: folder)
        let port = server.port
        let pid = server.process.processIdentifier
        let targets = try readers.map { try link($0, port: port) }
        // Kill once this many were answered: somewhere in the middle of the load.
        let killAfter = Int.random(in: 20...200, using: &generator)
        let answered = Mutex<[Int]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for index in stride(from: worker, to: readers.count, by: 8) {
                guard let answer = try? request("POST", targets[index], port: port, body: oneClick) else { continue }
                guard answer.status == 200 else { continue }
                let count = answered.withLock {
                    $0.append(index)
                    return $0.count
                }
                if count == killAfter { kill(pid, SIGKILL) }
            }
        }
        server.kill9()
        let acknowledged = answered.withLock { $0 }
        #expect(acknowledged.count >= killAfter)
        #expect(acknowledged.count < readers.count, "the kill came after every request: nothing was tested")
        // A new server applies what the killed one logged but may not have applied.
        _ = try ServerProcess(in: folder)
        let listed = folder.statuses
        for index in acknowledged { #expect(listed[readers[index]] == "unsubscribed one-click", "\(readers[index])") }
    }
}
