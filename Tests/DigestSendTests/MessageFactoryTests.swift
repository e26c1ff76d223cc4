import DigestCore
import DigestMail
import DigestRender
import DigestSend
import DigestTestSupport
import Foundation
import Testing

@Suite("Messages made for each reader")
struct MessageFactoryTests {
    @Test("each message is the one made from the reader's whole personalised editions, though most of it is encoded once")
    func encodedOnce() throws {
        let settings = Settings.thisRepository
        let factory = try makeFactory(settings: settings)
        let data = try Data(contentsOf: projectRoot.appendingPathComponent("seeds/archive/2023-03-23-vol-2.5.issue"))
        let issue = settings.parser.parse(bytes: Array(data), path: "vol-2.5").issue
        let renderer = try Renderer(templatesFolder: projectRoot.appendingPathComponent("Templates"), settings: settings)
        let builder = MessageBuilder(settings: settings, issueKey: "vol-2.5", date: Date(timeIntervalSince1970: 1_679_562_000))
        let key = try UnsubscribeKey(secret: "test-secret-0123456789abcdef")
        for subscriber in [Subscriber(address: "ada@example.org", name: "Ada <& Co>"), Subscriber(address: "zoe@example.org", name: "Zoë")]
        {
            let links = key.links(for: subscriber, settings: settings)
            let recipient = Recipient(name: subscriber.name, unsubscribeURL: links.mailto)
            let whole = try builder.build(
                for: subscriber, subject: factory.subject, text: renderer.render(issue, edition: .text, recipient: recipient),
                html: renderer.render(issue, edition: .html, recipient: recipient), unsubscribe: links,
                boundary: "=_digest_vol25_alternative")
            // Compared as text: a failing comparison of two 15 KB byte arrays is slow to print.
            let made = String(decoding: try factory.message(for: subscriber).bytes, as: UTF8.self)
            #expect(made == String(decoding: whole.bytes, as: UTF8.self))
        }
    }

    @Test("the reader's own unsubscribe link is in the header and visibly in both editions, and nobody else's")
    func unsubscribeLinks() throws {
        var settings = Settings.thisRepository
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
