import DigestCore
import DigestMail
import Foundation
import Testing

let aiosmtpdAvailable = pythonCanImport("aiosmtpd")

/// A free TCP port on 127.0.0.1, found by binding port 0.
func freePort() throws -> Int {
    let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(socket) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) } }
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) } }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// The loopback aiosmtpd server of `Servers/smtp_server.py`, stopped by its PID.
final class TestSMTPServer {
    let port: Int
    let folder: URL
    let process = Process()

    init() throws {
        port = try freePort()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Servers/smtp_server.py")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, String(port), folder.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        // Wait for "ready", which the server prints once it listens.
        let line = output.fileHandleForReading.availableData
        guard String(decoding: line, as: UTF8.self).hasPrefix("ready") else { throw CocoaError(.fileReadUnknown) }
    }

    deinit {
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }

    /// The messages received, in order, with their envelope recipients.
    func received() throws -> [(recipients: [String], bytes: Data)] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".eml") }.sorted()
        return try names.map { name in
            let envelope =
                try JSONSerialization.jsonObject(
                    with: Data(contentsOf: folder.appendingPathComponent(name.replacingOccurrences(of: ".eml", with: ".json"))))
                as? [String: Any]
            return ((envelope?["to"] as? [String]) ?? [], try Data(contentsOf: folder.appendingPathComponent(name)))
        }
    }
}

@Suite("SMTP through libcurl", .serialized)
struct SMTPConnectionTests {
    @Test(
        "three messages over one reused connection reach a real loopback server, one recipient each",
        .enabled(if: aiosmtpdAvailable, "python3 -m pip install aiosmtpd (.ci/setup --test does)"))
    func sendsOverOneConnection() throws {
        let server = try TestSMTPServer()
        let connection = try SMTPConnection(
            server: SMTPServer(url: "smtp://127.0.0.1:\(server.port)", allowPlaintext: true), sender: "egulum@spfusa.org")
        let builder = MessageBuilder(settings: .allianceDigest, issueKey: "vol-2.6", date: Date(timeIntervalSince1970: 1_680_771_600))
        let readers = ["a@example.org", "b@example.org", "c@example.org"]
        for reader in readers {
            let message = try builder.build(
                for: Subscriber(address: reader, name: "Reader"), subject: "Vol 2.6", text: "Hello\n.\nA line with a dot\n",
                html: "<p>Hello</p>", unsubscribe: UnsubscribeLinks(mailto: "mailto:egulum@spfusa.org"), boundary: "b")
            #expect(try connection.send(message).code == 250)
        }
        let received = try server.received()
        #expect(received.map(\.recipients) == readers.map { [$0] })
        // libcurl dot-stuffs: the lone "." line arrives whole, the message intact.
        let first = String(decoding: received[0].bytes, as: UTF8.self)
        #expect(first.contains("Content-Type: multipart/alternative"))
        #expect(first.contains("Hello\r\n.\r\nA line with a dot"))
    }

    @Test("without TLS a non-loopback server is refused unless the editor allows plaintext")
    func requiresTLS() {
        #expect(SMTPServer(url: "smtp://127.0.0.1:2525").isLoopback)
        #expect(!SMTPServer(url: "smtp://mail.example.org:587").isLoopback)
    }

    @Test("a closed port is a clear error, not a crash")
    func unreachable() throws {
        let port = try freePort()
        let connection = try SMTPConnection(
            server: SMTPServer(url: "smtp://127.0.0.1:\(port)", allowPlaintext: true, connectTimeout: 3), sender: "egulum@spfusa.org")
        let message = try MessageBuilder(settings: .allianceDigest, issueKey: "x", date: Date()).build(
            for: Subscriber(address: "a@example.org"), subject: "x", text: "x", html: "x",
            unsubscribe: UnsubscribeLinks(mailto: "mailto:egulum@spfusa.org"), boundary: "b")
        #expect(throws: SMTPError.self) { try connection.send(message) }
    }
}
