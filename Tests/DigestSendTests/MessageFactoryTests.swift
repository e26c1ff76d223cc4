import DigestCore
import DigestMail
import DigestSend
import Foundation
import Testing

@Suite("Messages made for each reader")
struct MessageFactoryTests {
    @Test("the reader's own unsubscribe link is in the header and visibly in both editions, and nobody else's")
    func unsubscribeLinks() throws {
        var settings = Settings.allianceDigest
        settings.list.unsubscribeURL = "https://www.spfusa.org/alliance-digest/unsubscribe"
        let factory = try makeFactory(settings: settings)
        let key = try UnsubscribeKey(secret: "test-secret-0123456789abcdef")
        let ada = Subscriber(address: "ada@example.org", name: "Ada")
        let bob = Subscriber(address: "bob@example.org")
        let message = String(decoding: try factory.message(for: ada).bytes, as: UTF8.self)
        let adaToken = key.token(for: ada.key, list: settings.list.id)
        let bobToken = key.token(for: bob.key, list: settings.list.id)
        let link = "https://www.spfusa.org/alliance-digest/unsubscribe?reader=ada%40example.org&token=\(adaToken)"
        #expect(
            message.contains(
                "List-Unsubscribe: <mailto:egulum@spfusa.org?subject=unsubscribe%20ada%40example.org%20\(adaToken)>, <\(link)>"))
        #expect(message.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"))
        // Quoted-printable may fold the link; undo the soft breaks and =3D before looking.
        let decoded = message.replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "=3D", with: "=")
        let parts = decoded.components(separatedBy: "Content-Type: text/html")
        #expect(parts.count == 2)
        #expect(parts[0].contains(link))
        #expect(parts[1].contains(link.replacingOccurrences(of: "&", with: "&amp;")))
        #expect(!message.contains(bobToken))
    }

    @Test("tokens are HMAC-SHA256 of the reader under the secret: stable, different per reader and per secret")
    func tokens() throws {
        let key = try UnsubscribeKey(secret: "test-secret-0123456789abcdef")
        let token = key.token(for: "ada@example.org", list: "alliance-digest.spfusa.org")
        #expect(token.count == 32 && token.allSatisfy(\.isHexDigit))
        #expect(token == key.token(for: "ada@example.org", list: "alliance-digest.spfusa.org"))
        #expect(token != key.token(for: "ada@example.net", list: "alliance-digest.spfusa.org"))
        #expect(
            token
                != (try UnsubscribeKey(secret: "another-secret-0123456789").token(
                    for: "ada@example.org", list: "alliance-digest.spfusa.org")))
        #expect(key.accepts(token.uppercased(), for: "ada@example.org", list: "alliance-digest.spfusa.org"))
        #expect(!key.accepts(token, for: "bob@example.org", list: "alliance-digest.spfusa.org"))
        #expect(throws: UnsubscribeKeyError.self) { try UnsubscribeKey(secret: "short") }
        // The value Python's hmac module computes for the same input (RFC 2104 HMAC-SHA256).
        #expect(
            token == Self.pythonHMAC(secret: "test-secret-0123456789abcdef", list: "alliance-digest.spfusa.org", reader: "ada@example.org"))
    }

    /// HMAC-SHA256 by Python's `hmac` module, the first 32 hex digits. A NUL cannot pass
    /// through argv, so the list id and reader go as two arguments, joined in Python.
    static func pythonHMAC(secret: String, list: String, reader: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let script = """
            import hashlib, hmac, sys
            message = (sys.argv[2] + "\\0" + sys.argv[3]).encode()
            print(hmac.new(sys.argv[1].encode(), message, hashlib.sha256).hexdigest()[:32])
            """
        process.arguments = ["python3", "-c", script, secret, list, reader]
        let output = Pipe()
        process.standardOutput = output
        guard (try? process.run()) != nil else { return nil }
        process.waitUntilExit()
        return String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
