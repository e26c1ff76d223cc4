import DigestCore
import DigestMail
import DigestTestSupport
import Foundation
import Testing

let pythonAvailable = pythonCanImport("email.policy")

@Suite("Messages")
struct MessageBuilderTests {
    let builder = MessageBuilder(settings: .thisRepository, issueKey: "vol-2.6", date: Date(timeIntervalSince1970: 1_680_771_600))
    let links = UnsubscribeLinks(mailto: "mailto:egulum@spfusa.org?subject=unsubscribe%20abc", https: "https://list.example.org/u/abc")
    let text =
        "US-Japan Alliance Digest Vol 2.6\n\n- Kishida and Yoon agree — “shuttle diplomacy” résumé\n"
        + String(repeating: "long line ", count: 40)
    let html = "<!DOCTYPE html><html lang=\"en\"><body><p>Kishida “and” Yoon = résumé</p></body></html>"

    func build(_ subscriber: Subscriber, subject: String = "US-Japan Alliance Digest Vol 2.6") throws -> OutgoingMessage {
        try builder.build(for: subscriber, subject: subject, text: text, html: html, unsubscribe: links, boundary: "digest-boundary-1")
    }

    @Test("headers, one recipient, CRLF endings and no line over 998 characters")
    func shape() throws {
        let message = try build(Subscriber(address: "reader@example.org", name: "Reader, Dear"))
        let text = String(decoding: message.bytes, as: UTF8.self)
        #expect(message.recipient == "reader@example.org")
        #expect(text.contains("\r\nTo: \"Reader, Dear\" <reader@example.org>\r\n"))
        #expect(text.contains("\r\nDate: Thu, 06 Apr 2023 09:00:00 +0000\r\n"))
        #expect(text.contains("\r\nList-Id: US-Japan Alliance Digest <alliance-digest.spfusa.org>\r\n"))
        #expect(
            text.contains(
                "\r\nList-Unsubscribe: <mailto:egulum@spfusa.org?subject=unsubscribe%20abc>, <https://list.example.org/u/abc>\r\n"))
        #expect(text.contains("\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
        #expect(text.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 998 })
        // The text edition comes first, the HTML edition last.
        let plain = try #require(text.range(of: "Content-Type: text/plain"))
        let markup = try #require(text.range(of: "Content-Type: text/html"))
        #expect(plain.lowerBound < markup.lowerBound)
    }

    @Test("the Message-ID is the same for the same issue and reader, and differs between readers")
    func stableMessageID() throws {
        let first = try build(Subscriber(address: "reader@Example.org"))
        let again = try build(Subscriber(address: "reader@example.ORG"))
        let other = try build(Subscriber(address: "other@example.org"))
        #expect(first.messageID == again.messageID)
        #expect(first.messageID != other.messageID)
        #expect(first.messageID.hasPrefix("<vol-2.6.") && first.messageID.hasSuffix("@alliance-digest.spfusa.org>"))
    }

    @Test("a line break in a name or subject is refused rather than sent")
    func headerInjection() {
        #expect(throws: MessageError.self) { try build(Subscriber(address: "a@example.org", name: "Ann\r\nBcc: x@example.org")) }
        #expect(throws: MessageError.self) { try build(Subscriber(address: "a@example.org"), subject: "Hi\nBcc: x@example.org") }
    }

    @Test(
        "Python's email package (policy default) parses the message with no defects",
        .enabled(if: pythonAvailable, "python3 is not installed"))
    func pythonParses() throws {
        let message = try build(
            Subscriber(address: "reader@example.org", name: "Ōno Tarō, 大野"), subject: "US-Japan Alliance Digest Vol 2.6 — “Kishida” ☕")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("digest-\(UUID().uuidString).eml")
        try Data(message.bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let script = """
            import email, email.policy, sys
            m = email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=email.policy.default)
            defects = list(m.defects) + [d for p in m.walk() for d in p.defects]
            assert not defects, defects
            assert m['Subject'] == 'US-Japan Alliance Digest Vol 2.6 — “Kishida” ☕', m['Subject']
            assert m['To'].addresses[0].display_name == 'Ōno Tarō, 大野', m['To']
            parts = [p.get_content_type() for p in m.iter_parts()]
            assert parts == ['text/plain', 'text/html'], parts
            body = m.get_body(('plain',)).get_content()
            assert '“shuttle diplomacy” résumé' in body and body.count('long line') == 40, body
            assert 'Yoon = résumé' in m.get_body(('html',)).get_content()
            print('ok')
            """
        let (printed, problems) = try runPython(script, [file.path])
        #expect(printed == "ok\n", "\(problems)")
    }

    @Test(
        "a body mostly outside ASCII goes in base64, shorter than quoted-printable, and Python reads it back whole",
        .enabled(if: pythonAvailable, "python3 is not installed"))
    func base64WhereShorter() throws {
        let japanese = String(repeating: "日米同盟ダイジェスト、岸田首相と尹大統領が会談。", count: 20)
        let message = try builder.build(
            for: Subscriber(address: "reader@example.org"), subject: "Vol 2.6", text: japanese + "\n", html: "<p>\(japanese)</p>",
            unsubscribe: links, boundary: "b")
        let raw = String(decoding: message.bytes, as: UTF8.self)
        #expect(raw.components(separatedBy: "Content-Transfer-Encoding: base64").count == 3)
        #expect(raw.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 76 || $0.hasPrefix("List-Unsubscribe") })
        // The English issue stays in quoted-printable.
        #expect(String(decoding: try build(Subscriber(address: "a@example.org")).bytes, as: UTF8.self).contains("quoted-printable"))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("digest-\(UUID().uuidString).eml")
        try Data(message.bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let script = """
            import email, email.policy, sys
            m = email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=email.policy.default)
            assert not [d for p in m.walk() for d in p.defects]
            print(m.get_body(('plain',)).get_content(), end='')
            """
        let printed = try runPython(script, [file.path]).output
        #expect(printed == japanese + "\n")
    }
}
