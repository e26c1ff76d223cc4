import DigestCore
import DigestMail
import DigestSend
import DigestTestSupport
import Foundation
import Testing

/// Which route a send takes: the command line over the environment over `digest.yaml`, the
/// outbox when none names one, and each route's journal where its promises need it.
@Suite("RouteChoice")
struct RouteChoiceTests {
    let root = URL(fileURLWithPath: "/work/newsletter")

    func choose(
        via: String? = nil, smtp: String? = nil, environment: [String: String] = [:], settingsVia: String? = nil,
        settingsSMTP: String? = nil, allowPlaintext: Bool = false
    ) throws(SendFailure) -> any SendRoute {
        var settings = Settings.thisRepository
        settings.delivery.via = settingsVia
        settings.delivery.smtp = settingsSMTP
        return try RouteChoice.choose(
            via: via, smtp: smtp, allowPlaintext: allowPlaintext, environment: environment, settings: settings, root: root,
            displayPath: { String($0.path.dropFirst("/work/newsletter/".count)) })
    }

    @Test("with nothing named, the outbox in folders.outbox; maildir:PATH is from the repository, or from / when absolute")
    func outbox() throws {
        let plain = try #require(try choose() as? OutboxRoute)
        #expect(plain.folder.path == "/work/newsletter/Outbox")
        #expect(plain.destination == "the outbox Outbox/")
        #expect(!plain.mailsReaders)
        let relative = try #require(try choose(via: "maildir:Test/../Proofs") as? OutboxRoute)
        #expect(relative.folder.path == "/work/newsletter/Proofs")
        let absolute = try #require(try choose(environment: ["DIGEST_SEND_VIA": "maildir:/srv/mail/digest"]) as? OutboxRoute)
        #expect(absolute.folder.path == "/srv/mail/digest")
    }

    @Test(
        "the command line wins over the environment, which wins over digest.yaml; the older names rank with the new at each level",
        arguments: [
            // (--via, --smtp, DIGEST_SEND_VIA, DIGEST_SMTP_URL, send.via, send.smtp, the route taken)
            (nil, nil, nil, nil, "maildir:A", nil, "maildir:A"),
            (nil, nil, nil, nil, nil, "smtp://settings.example.org", "smtp://settings.example.org"),
            (nil, nil, nil, "smtp://env.example.org", "maildir:A", nil, "smtp://env.example.org"),
            (nil, nil, "maildir:B", nil, nil, "smtp://settings.example.org", "maildir:B"),
            ("maildir:C", nil, "smtp://env.example.org", nil, "maildir:A", nil, "maildir:C"),
            (nil, "smtps://cli.example.org", "maildir:B", nil, "maildir:A", nil, "smtps://cli.example.org"),
            ("smtp://cli.example.org:587", nil, nil, "smtp://env.example.org", nil, nil, "smtp://cli.example.org:587"),
        ] as [(String?, String?, String?, String?, String?, String?, String)])
    func precedence(
        via: String?, smtp: String?, envVia: String?, envSMTP: String?, settingsVia: String?, settingsSMTP: String?, taken: String
    ) throws {
        var environment: [String: String] = [:]
        environment["DIGEST_SEND_VIA"] = envVia
        environment["DIGEST_SMTP_URL"] = envSMTP
        let route = try choose(via: via, smtp: smtp, environment: environment, settingsVia: settingsVia, settingsSMTP: settingsSMTP)
        if let outbox = route as? OutboxRoute {
            #expect("maildir:" + outbox.shownFolder == taken)
        } else {
            #expect(route.destination == taken)
        }
    }

    @Test("an empty variable names nothing, as an unset one")
    func emptyVariable() throws {
        let route = try choose(environment: ["DIGEST_SEND_VIA": "", "DIGEST_SMTP_URL": ""], settingsVia: "smtp://settings.example.org")
        #expect(route.destination == "smtp://settings.example.org")
    }

    @Test(
        "two names at one level, an unknown scheme, or a maildir: under an SMTP-only name are usage errors naming the source",
        arguments: [
            ("maildir:A", "smtp://b.example.org", [:], "--via and --smtp both name a route; give one"),
            (
                nil, nil, ["DIGEST_SEND_VIA": "maildir:A", "DIGEST_SMTP_URL": "smtp://b.example.org"],
                "DIGEST_SEND_VIA and DIGEST_SMTP_URL both"
            ),
            (
                "sesv2://us-east-1", nil, [:],
                "--via names the route “sesv2”, which digest does not have; routes are smtp://host:port, smtps://host:port, ses://REGION or maildir:PATH"
            ),
            (nil, "ses://us-east-1", [:], "--smtp must be smtp://host:port"),
            (
                "ses://us-east-1", nil, ["DIGEST_SES_ENDPOINT": "http://ses.example.org:4566"],
                "DIGEST_SES_ENDPOINT uses plain http:// to ses.example.org, which is not this machine; use https://"
            ),
            (nil, nil, ["DIGEST_SEND_VIA": "Outbox"], "DIGEST_SEND_VIA must name a route"),
            (nil, "maildir:Outbox", [:], "--smtp must be smtp://host:port"),
            (nil, nil, ["DIGEST_SMTP_URL": "smtp://user:pw@mail.example.org"], "DIGEST_SMTP_URL must not hold a user name or password"),
            ("smtp://user:pw@mail.example.org", nil, [:], "--via must not hold a user name or password"),
        ] as [(String?, String?, [String: String], String)])
    func refusals(via: String?, smtp: String?, environment: [String: String], expected: String) {
        #expect {
            _ = try choose(via: via, smtp: smtp, environment: environment)
        } throws: { error in
            guard let failure = error as? SendFailure else { return false }
            #expect(failure.code == 2)
            #expect(failure.message.hasPrefix(expected), "\(failure.message)")
            return true
        }
    }

    @Test("an SMTP route needs TLS off this machine unless --allow-plaintext; its journal is in .digest/journal/ beside the summary")
    func smtp() throws {
        let remote = try #require(try choose(via: "smtp://mail.example.org:587") as? SMTPRoute)
        #expect(remote.mailsReaders && !remote.server.mayGoWithoutTLS)
        #expect(try #require(try choose(via: "smtp://127.0.0.1:2525") as? SMTPRoute).server.mayGoWithoutTLS)
        #expect(
            try #require(try choose(via: "smtp://mail.example.org:25", allowPlaintext: true) as? SMTPRoute).server.mayGoWithoutTLS)
        let history = remote.history(root: root, issueKey: "vol-2.5", displayPath: { $0.path })
        #expect(history.journalURL.path == "/work/newsletter/.digest/journal/vol-2.5.journal")
        #expect(history.summaryURL?.path == "/work/newsletter/Subscribers/sent/vol-2.5.sent")
        let outbox = try choose(via: "maildir:Proofs").history(root: root, issueKey: "vol-2.5", displayPath: { $0.path })
        #expect(outbox.journalURL.path == "/work/newsletter/Proofs/vol-2.5.journal")
        #expect(outbox.summaryURL == nil)
    }

    @Test("a login the environment half gives is refused before anything is sent, not dropped in silence")
    func halfALogin() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-netrc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let netrc = folder.appendingPathComponent("netrc")
        try Data("machine 127.0.0.1 login editor password s3cret\n".utf8).write(to: netrc)
        let cases: [([String: String], String?)] = [
            (["DIGEST_SMTP_PASSWORD": "s3cret"], "DIGEST_SMTP_PASSWORD is set but DIGEST_SMTP_USER is not; set both"),
            (["NETRC": folder.appendingPathComponent("none").path], "NETRC names \(folder.path)/none, which is not a file"),
            (["NETRC": folder.path], "NETRC names \(folder.path), which is not a file"),
            (["NETRC": netrc.path], nil), (["DIGEST_SMTP_USER": "editor", "DIGEST_SMTP_PASSWORD": "s3cret"], nil),
            (["DIGEST_SMTP_USER": "editor", "NETRC": "/nonexistent"], nil), (["DIGEST_SMTP_PASSWORD": ""], nil),
        ]
        for (environment, said) in cases {
            do {
                _ = try choose(via: "smtp://127.0.0.1:2525", environment: environment)
                #expect(said == nil, "\(environment)")
            } catch {
                #expect(said.map { error.message.hasPrefix($0) } == true, "\(environment): \(error.message)")
                #expect(!error.message.contains("s3cret"))
            }
        }
        // The outbox logs in nowhere: the same environment does not stop it.
        #expect(try choose(via: "maildir:Outbox", environment: ["DIGEST_SMTP_PASSWORD": "s3cret"]) is OutboxRoute)
    }

    @Test("ses://REGION goes to AWS's endpoint, or DIGEST_SES_ENDPOINT's, and keeps the mail-server routes' journal and summary")
    func ses() throws {
        let aws = try #require(try choose(via: "ses://eu-west-1") as? SESRoute)
        #expect(aws.destination == "ses://eu-west-1" && aws.endpoint == "https://email.eu-west-1.amazonaws.com")
        #expect(aws.mailsReaders && aws.outbox == nil)
        let local = try #require(
            try choose(environment: ["DIGEST_SEND_VIA": "ses://us-east-1", "DIGEST_SES_ENDPOINT": "http://127.0.0.1:4566/"]) as? SESRoute)
        #expect(local.destination == "ses://us-east-1 at http://127.0.0.1:4566")
        let history = local.history(root: root, issueKey: "vol-2.5", displayPath: { $0.path })
        #expect(history.journalURL.path == "/work/newsletter/.digest/journal/vol-2.5.journal")
        #expect(history.summaryURL?.path == "/work/newsletter/Subscribers/sent/vol-2.5.sent")
    }

    @Test("the SES route finds its credentials when the send starts, and names what to set when there are none")
    func sesCredentials() throws {
        let route = try choose(via: "ses://eu-west-1", environment: ["HOME": "/nonexistent"])
        #expect {
            _ = try route.transport(sender: "editor@example.org", connections: 1, rate: nil)
        } throws: { error in
            guard let failure = error as? SendFailure else { return false }
            #expect(failure.code == 2)
            #expect(failure.message.contains("set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"), "\(failure.message)")
            return true
        }
        let keyed = try choose(
            via: "ses://eu-west-1", environment: ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG"])
        let transport = try #require(try keyed.transport(sender: "editor@example.org", connections: 3, rate: 5) as? SESTransport)
        #expect(transport.service.credentials.accessKey == "AKIDEXAMPLE" && transport.connections == 3 && transport.rate == 5)
    }
}
