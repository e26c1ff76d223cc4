import DigestCore
import DigestTestSupport
import Foundation
import Testing

/// `--via`, `DIGEST_SEND_VIA` and `send.via`: every route there is, and the mistakes an
/// editor makes writing one, each refused with words that say what to write.
@Suite("RouteURL")
struct RouteURLTests {
    @Test(
        "each scheme names its route",
        arguments: [
            ("smtp://mail.example.org:587", RouteURL.smtp("smtp://mail.example.org:587")),
            ("SMTPS://mail.example.org:465", .smtp("SMTPS://mail.example.org:465")),
            ("smtp://127.0.0.1:2525", .smtp("smtp://127.0.0.1:2525")),
            ("smtp://[::1]:2525", .smtp("smtp://[::1]:2525")),
            ("smtp://xn--mil-ela.example.org", .smtp("smtp://xn--mil-ela.example.org")),
            ("smtps://smtp_relay.example.org:465", .smtp("smtps://smtp_relay.example.org:465")),
            ("maildir:Outbox", .maildir("Outbox")),
            ("maildir:/var/mail/digest", .maildir("/var/mail/digest")),
            ("Maildir:../shared outbox/test", .maildir("../shared outbox/test")),
            ("ses://eu-west-1", .ses(region: "eu-west-1")),
            ("SES://US-EAST-1", .ses(region: "us-east-1")),
            ("ses://us-gov-west-1", .ses(region: "us-gov-west-1")),
            ("ses://ap-southeast-5", .ses(region: "ap-southeast-5")),
        ])
    func schemes(text: String, route: RouteURL) {
        #expect(RouteURL.problem(with: text) == nil)
        #expect(RouteURL(text) == route)
    }

    @Test(
        "a route that does not exist, or is badly written, is refused naming what to write",
        arguments: [
            (
                "sesv2://eu-west-1",
                "names the route “sesv2”, which digest does not have; routes are smtp://host:port, smtps://host:port, ses://REGION or maildir:PATH"
            ),
            ("ses:eu-west-1", "is written ses://REGION, such as ses://eu-west-1"),
            ("ses://", "names no AWS region"),
            ("ses://AKIDEXAMPLE:hunter2@eu-west-1", "must not hold credentials: write ses://REGION"),
            ("ses://eu-west-1/", "names “eu-west-1/”, which is not an AWS region"),
            ("ses://email.eu-west-1.amazonaws.com", "which is not an AWS region"),
            ("ses://eu west", "names a region, which is not an AWS region"),
            ("ses://-eu", "which is not an AWS region"),
            ("ses://eu-west", "names “eu-west”, which is not shaped like an AWS region"),
            ("ses://euwest1", "not shaped like an AWS region"),
            ("ses://mars-1", "not shaped like an AWS region"),
            ("ses://eu-west-1a", "not shaped like an AWS region"),
            ("ses://e1-west-1", "not shaped like an AWS region"),
            ("ses://eu--1", "not shaped like an AWS region"),
            ("https://mail.example.org", "names the route “https”"),
            ("Outbox", "must name a route: smtp://host:port, smtps://host:port, ses://REGION or maildir:PATH"),
            ("", "must name a route"),
            (":Outbox", "must name a route"),
            ("mail dir:Outbox", "must name a route"),
            ("maildir:", "names no folder: write maildir:PATH"),
            ("maildir:///var/mail", "without //"),
            ("maildir:~/Mail", "starts with ~, which digest does not expand"),
            ("maildir:Out\nbox", "control character"),
            ("maildir:Out\u{9B}2Jbox", "control character"),
            ("smtp://editor:hunter2@mail.example.org:587", "must not hold a user name or password"),
            ("smtp://", "must be smtp://host:port"),
            ("smtp://mail.example.org:587?auth=plain", "must not have a query"),
            ("smtp://127.0.0.1:99999", "names the port 99999; a port is from 1 to 65535"),
            ("smtp://127.0.0.1:0", "names the port 0"),
            ("smtp://mäil.example.org:587", "has letters outside ASCII; write the server's name in its xn-- form"),
            ("smtp://[zz]:25", "names the server “[zz]”, which is not a host name or IP address"),
            ("smtp://mail%0d%0a.example.org:25", "names the server “mail%0d%0a.example.org”, which is not a host name"),
        ])
    func refused(text: String, expected: String) throws {
        let problem = try #require(RouteURL.problem(with: text), "\(text.debugDescription) was taken")
        #expect(problem.contains(expected), "\(problem)")
        #expect(!problem.contains("hunter2"), "a password is never repeated: \(problem)")
        #expect(RouteURL(text) == nil)
    }

    /// The committed file with one edit; its diagnostics.
    func diagnostics(replacing old: String, with new: String) throws -> [String] {
        let text = try String(contentsOf: SettingsFileTests.committed, encoding: .utf8)
        #expect(text.contains(old))
        do {
            _ = try SettingsFile.parse(text.replacingOccurrences(of: old, with: new), path: "digest.yaml")
            return []
        } catch {
            return error.diagnostics.map(\.formatted)
        }
    }

    @Test("send.via is read; a bad one, or send.via beside send.smtp, is reported at its line")
    func settings() throws {
        let text = try String(contentsOf: SettingsFileTests.committed, encoding: .utf8)
        let line = try #require(text.components(separatedBy: "\n").firstIndex { $0.hasPrefix("  # via:") }) + 1
        let parsed = try SettingsFile.parse(
            text.replacingOccurrences(of: "  # via: smtp://mail.example.org:587", with: "  via: maildir:Test outbox"), path: "digest.yaml")
        #expect(parsed.delivery.via == "maildir:Test outbox")
        #expect(parsed.delivery.smtp == nil)
        #expect(Settings.thisRepository.delivery.via == nil, "the committed settings name no route: the outbox")

        let unknown = try diagnostics(replacing: "  # via: smtp://mail.example.org:587", with: "  via: sesv2://us-east-1")
        #expect(
            unknown.count == 1
                && unknown[0].hasPrefix(
                    "digest.yaml:\(line):8: error: \"send.via\" names the route “sesv2”, which digest does not have; routes are"),
            "\(unknown)")
        let both = try diagnostics(
            replacing: "  # via: smtp://mail.example.org:587", with: "  via: maildir:Outbox\n  smtp: smtp://mail.example.org:587")
        #expect(
            both.count == 1 && both[0].hasPrefix("digest.yaml:\(line):8: error: \"send.via\" and \"send.smtp\" both name a route"),
            "\(both)")
        // A bad port in the file is reported at its line, not reader after reader as the send goes.
        let port = try diagnostics(replacing: "  # via: smtp://mail.example.org:587", with: "  via: smtp://mail.example.org:587000")
        #expect(port.count == 1 && port[0].hasPrefix("digest.yaml:\(line):8: error: \"send.via\" names the port 587000;"), "\(port)")
    }
}
