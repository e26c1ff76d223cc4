import DigestMail
import DigestTestSupport
import Foundation
import Testing

/// What goes to SES and what comes back: the SendEmail body, the endpoint's rules, the
/// account's quota.
@Suite("SES requests")
struct SESRequestTests {
    @Test("the SendEmail body is JSON holding one reader and the message byte for byte in base64")
    func sendEmailBody() throws {
        let message = try #require(try testMessages(["reader@example.org"], textSize: 3000).first)
        let sender = #"odd"name\@example.org"#
        let body = SESRequestBody.sendEmail(from: sender, to: message.recipient, raw: message.bytes)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        #expect(object["FromEmailAddress"] as? String == sender)
        let destination = try #require(object["Destination"] as? [String: Any])
        #expect(destination["ToAddresses"] as? [String] == ["reader@example.org"])
        #expect(Set(object.keys) == ["FromEmailAddress", "Destination", "Content"])
        let content = try #require(object["Content"] as? [String: Any])
        let raw = try #require((content["Raw"] as? [String: Any])?["Data"] as? String)
        #expect(try #require(Data(base64Encoded: raw)) == Data(message.bytes))
        // Control characters are escaped, not sent raw.
        let escaped = SESRequestBody.sendEmail(from: "a\u{1}b@example.org", to: "r@example.org", raw: [])
        #expect(String(decoding: escaped, as: UTF8.self).contains(#""a\u0001b@example.org""#))
    }

    @Test("the SendEmail body's base64 is Foundation's, for every length's remainder and every byte value")
    func sendEmailBase64() throws {
        var random = SplitMix64.forTest(seed: 0xB64_5E5)
        let lengths = Array(0..<70) + (0..<20).map { _ in Int.random(in: 70..<70_000, using: &random) }
        for length in lengths {
            let message = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            let body = SESRequestBody.sendEmail(from: "editor@example.org", to: "reader@example.org", raw: message)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
            let raw = try #require(((object["Content"] as? [String: Any])?["Raw"] as? [String: Any])?["Data"] as? String)
            #expect(raw == Data(message).base64EncodedString(), "length \(length)")
        }
    }

    @Test(
        "DIGEST_SES_ENDPOINT: https anywhere, plain http only to this machine, no credentials or query",
        arguments: [
            ("https://email.eu-west-1.amazonaws.com", nil),
            ("http://127.0.0.1:4566/", nil),
            ("http://localhost:4566", nil),
            ("http://[::1]:4566", nil),
            ("http://ses.example.org", "uses plain http:// to ses.example.org, which is not this machine"),
            ("http://127.0.0.1.example.org", "which is not this machine"),
            // Not IPv4 to the resolver, so a name DNS could answer with any machine.
            ("http://127.0.0.09:4566", "which is not this machine"),
            ("http://127.0.0.1:99999", "names the port 99999; a port is from 1 to 65535"),
            ("http://127.+0.+0.+1:4566", "which is not this machine"),
            ("ftp://127.0.0.1", "must start with https://"),
            ("https://AKID:secret@ses.example.org", "must not hold credentials"),
            ("https://ses.example.org?x=1", "must not have a query"),
            ("ses.example.org", "must be an http(s) URL"),
            ("https://ses.example.org\r\nX: y", "control character"),
        ] as [(String, String?)])
    func endpoint(text: String, problem: String?) throws {
        do {
            let endpoint = try SESService.endpoint(region: "eu-west-1", environment: ["DIGEST_SES_ENDPOINT": text])
            #expect(problem == nil, "\(text) was taken")
            #expect(!endpoint.hasSuffix("/"))
        } catch {
            let expected = try #require(problem, "\(text): \(error.message)")
            #expect(error.message.hasPrefix("DIGEST_SES_ENDPOINT ") && error.message.contains(expected), "\(error.message)")
        }
        #expect(try SESService.endpoint(region: "eu-west-1", environment: [:]) == "https://email.eu-west-1.amazonaws.com")
    }

    @Test("GetAccount's SendQuota paces the send to the lower rate and refuses, with the numbers, a send past the 24-hour limit")
    func quota() throws {
        let json = #"{"SendQuota":{"Max24HourSend":200.0,"MaxSendRate":1.0,"SentLast24Hours":150.0},"SendingEnabled":true}"#
        let quota = try #require(SESQuota(json: Array(json.utf8)))
        #expect(quota == SESQuota(max24HourSend: 200, maxSendRate: 1, sentLast24Hours: 150))
        #expect(quota.remaining == 50)
        #expect(quota.refusal(messages: 50, service: "ses://eu-west-1") == nil)
        #expect(
            quota.refusal(messages: 1_200, service: "ses://eu-west-1")
                == "this send needs 1,200 messages but ses://eu-west-1 allows 50 more in the next 24 hours (150 sent of 200); send when the quota allows, or ask AWS to raise it"
        )
        #expect(quota.pace(nil) == 1 && quota.pace(5) == 1 && quota.pace(0.5) == 0.5)
        let unlimited = SESQuota(max24HourSend: -1, maxSendRate: 14, sentLast24Hours: 900)
        #expect(unlimited.refusal(messages: 1_000_000, service: "ses") == nil)
        #expect(SESQuota(json: Array(#"{"Details":{}}"#.utf8)) == nil)
        #expect(SESQuota(json: Array("not json".utf8)) == nil)
    }

    @Test(
        "a send paced for over a minute says how long it takes",
        arguments: [
            (50, 1.0, ""), (1_000, 1.0, " (1,000 messages: about 17 minutes)"),
            (10_000, 1.0, " (10,000 messages: about 2 hours 47 minutes)"), (7_200, 1.0, " (7,200 messages: about 2 hours)"),
            (1_000_000, 1.0, " (1,000,000 messages: about 11 days 13 hours)"), (1, 0.001, " (1 message: about 17 minutes)"),
            (1_000, 0.0, ""), (1_000, -1.0, ""), (0, 1.0, ""), (2, 1e-300, " (2 messages: about 694,444 days 10 hours)"),
        ])
    func duration(messages: Int, rate: Double, said: String) {
        #expect(SESQuota.duration(of: messages, at: rate) == said)
    }

    @Test("quota numbers of any size are read without a crash: past any list unlimited, used up past the limit")
    func hugeQuota() throws {
        let huge = try #require(SESQuota(json: Array(#"{"SendQuota":{"Max24HourSend":1e19,"MaxSendRate":1e300}}"#.utf8)))
        #expect(huge.remaining == nil && huge.refusal(messages: 1_000_000, service: "ses") == nil)
        let spent = try #require(
            SESQuota(json: Array(#"{"SendQuota":{"Max24HourSend":200,"MaxSendRate":1,"SentLast24Hours":1e20}}"#.utf8)))
        #expect(spent.remaining == 0)
        let refusal = spent.refusal(messages: 1, service: "ses") ?? ""
        #expect(refusal.contains("allows 0 more in the next 24 hours (1,000,000,000,000,000 sent of 200)"), "\(refusal)")
        #expect(SESQuota(max24HourSend: 2.9, maxSendRate: 1, sentLast24Hours: -5).remaining == 2)
    }
}
