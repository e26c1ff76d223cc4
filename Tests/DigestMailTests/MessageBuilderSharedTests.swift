import DigestCore
import DigestTestSupport
import Foundation
import Testing

@testable import DigestMail

/// The message as it was assembled before the headers every copy shares were made once per
/// issue: each header checked and encoded for every reader. The shared assembly must give
/// the same bytes.
private func referenceMessage(
    _ builder: MessageBuilder, for subscriber: Subscriber, subject: String, text: (body: EncodedBody, values: [String]),
    html: (body: EncodedBody, values: [String]), unsubscribe: UnsubscribeLinks, boundary: String
) throws -> [UInt8] {
    let messageID = "<\(builder.issueKey).\(String(FNV1a.hash(subscriber.key.utf8), radix: 16))@\(builder.settings.list.id)>"
    var unsubscribeHeader = "<\(unsubscribe.mailto)>"
    if let https = unsubscribe.https { unsubscribeHeader += ", <\(https)>" }
    var message: [UInt8] = []
    func header(_ name: String, _ value: String) {
        message += "\(name): \(value)\r\n".utf8
    }
    header("From", HeaderEncoding.mailbox(name: builder.settings.sender.name, address: builder.settings.sender.address))
    header("To", HeaderEncoding.mailbox(name: subscriber.name, address: subscriber.address))
    header("Subject", HeaderEncoding.encodeWords(subject))
    header("Date", MessageBuilder.rfc5322Date(builder.date))
    header("Message-ID", messageID)
    header("MIME-Version", "1.0")
    header("List-Id", "\(HeaderEncoding.encodeWords(builder.settings.list.name)) <\(builder.settings.list.id)>")
    header("List-Unsubscribe", unsubscribeHeader)
    if unsubscribe.https != nil { header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click") }
    header("Content-Type", "multipart/alternative; boundary=\"\(boundary)\"")
    message += "\r\n".utf8
    for (type, part) in [("text/plain", text), ("text/html", html)] {
        message +=
            "--\(boundary)\r\nContent-Type: \(type); charset=utf-8\r\nContent-Transfer-Encoding: \(part.body.transferEncoding)\r\n\r\n"
            .utf8
        part.body.append(filling: part.values, to: &message)
        message += "\r\n".utf8
    }
    message += "--\(boundary)--\r\n".utf8
    return message
}

@Suite("Messages from the headers an issue's copies share")
struct MessageBuilderSharedTests {
    static let names = [
        "", "Reader 1", "Reader, Dear", "Ōtani Shōhei", "\"Quoted\" \\ Name", "山田 太郎", String(repeating: "Long ", count: 40),
    ]
    static let subjects = [
        "US-Japan Alliance Digest Vol 2.6", "Kishida “and” Yoon — résumé, Vol 2.6", String(repeating: "日米同盟 ", count: 30),
    ]

    @Test("every reader's message is byte for byte what assembling each header anew gave", arguments: subjects)
    func sameBytes(subject: String) throws {
        var random = SplitMix64.forTest(seed: 0x5EED_13)
        let builder = MessageBuilder(settings: .thisRepository, issueKey: "vol-2.6", date: Date(timeIntervalSince1970: 1_680_771_600))
        let text = EncodedBody([.text("Dear "), .value(0), .text(",\n\nKishida “and” Yoon\n"), .text("Leave: "), .value(1), .text("\n")])
        let html = EncodedBody([.text("<p>Dear "), .value(0), .text("</p>\n<a href=\""), .value(1), .text("\">leave</a>\n")])
        let boundary = "=_digest_vol26_alternative"
        let shared = try builder.shared(subject: subject, boundary: boundary, text: text, html: html)
        for number in 0..<200 {
            let name = Self.names[Int(random.next() % UInt64(Self.names.count))]
            let subscriber = Subscriber(address: "reader\(number)@example.org", name: name)
            let links = UnsubscribeLinks(
                mailto: "mailto:leave@example.org?subject=unsubscribe%20reader\(number)",
                https: random.next() % 2 == 0 ? nil : "https://list.example.org/u?reader=reader\(number)")
            let values = [name, links.https ?? links.mailto]
            let message = try builder.build(for: subscriber, shared: shared, text: values, html: values, unsubscribe: links)
            let reference = try referenceMessage(
                builder, for: subscriber, subject: subject, text: (text, values), html: (html, values), unsubscribe: links,
                boundary: boundary)
            #expect(message.bytes == reference, "reader \(number), name \(name)")
            // The one-call form makes the shared part itself, with the same result.
            let whole = try builder.build(
                for: subscriber, subject: subject, text: (text, values), html: (html, values), unsubscribe: links, boundary: boundary)
            #expect(whole.bytes == reference)
        }
    }

    @Test("a subject with a line break is refused once for the issue, naming the Subject header")
    func unsafeSubject() {
        let builder = MessageBuilder(settings: .thisRepository, issueKey: "vol-2.6", date: Date(timeIntervalSince1970: 1_680_771_600))
        let body = EncodedBody([.text("text\n")])
        #expect {
            try builder.shared(subject: "Vol 2.6\r\nBcc: everyone@example.org", boundary: "b", text: body, html: body)
        } throws: { error in
            guard case MessageError.unsafeHeader(let name) = error else { return false }
            return name == "Subject"
        }
    }
}
