import DigestTestSupport
import Foundation
import Testing

/// A Maildir in `checkout` holding a bounce, a complaint, an unsubscribe and a letter.
private func fillMailbox(_ checkout: Checkout) throws {
    try checkout.write(
        "address,name,status,subscribed,changed\nann@example.org,Ann,subscribed,2026-01-01,2026-01-01\nben@example.org,,subscribed,,\ncid@example.org,,subscribed,,\ndee@example.org,,subscribed,,\n",
        to: "Subscribers/subscribers.csv")
    try checkout.write("", to: "Mail/tmp/.keep")
    try checkout.write("", to: "Mail/cur/.keep")
    try checkout.write(
        """
        From: MAILER-DAEMON@mx.example.org (Mail Delivery System)\r
        Subject: Undelivered Mail Returned to Sender\r
        Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r
        \r
        --B\r
        Content-Type: message/delivery-status\r
        \r
        Reporting-MTA: dns; mx.example.org\r
        \r
        Final-Recipient: rfc822; ann@example.org\r
        Action: failed\r
        Status: 5.1.1\r
        Diagnostic-Code: smtp; 550 5.1.1 <ann@example.org>: User unknown\r
        \r
        --B--\r

        """, to: "Mail/new/1.bounce")
    try checkout.write(
        """
        From: feedback@arf.mail.yahoo.com\r
        Subject: FW: Alliance Digest\r
        Content-Type: multipart/report; report-type=feedback-report; boundary="F"\r
        \r
        --F\r
        Content-Type: message/feedback-report\r
        \r
        Feedback-Type: abuse\r
        User-Agent: Yahoo!-Mail-Feedback/2.0\r
        Version: 1\r
        Original-Rcpt-To: ben@example.org\r
        \r
        --F--\r

        """, to: "Mail/new/2.complaint")
    try checkout.write("From: Cid <cid@example.org>\r\nSubject: unsubscribe\r\n\r\nplease\r\n", to: "Mail/new/3.unsubscribe")
    try checkout.write("From: Dee <dee@example.org>\r\nSubject: Thanks for the issue\r\n\r\nGreat read.\r\n", to: "Mail/new/4.letter")
}

private func statuses(_ checkout: Checkout) throws -> [String] {
    let listed = try digest(["subscribers", "list"], in: checkout.root)
    return listed.output.split(separator: "\n").map { $0.split(separator: "\t").prefix(2).joined(separator: " ") }
}

private func files(_ checkout: Checkout, _ folder: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: checkout.url(folder).path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
}

private let expected = [
    "ann@example.org bounced", "ben@example.org complained", "cid@example.org unsubscribed", "dee@example.org subscribed",
]

@Suite("digest inbox")
struct InboxCommandTests {
    @Test("one run applies the bounce, the complaint and the unsubscribe and moves them; the letter stays; a second run changes nothing")
    func oneRunThenNothing() throws {
        let checkout = try Checkout()
        try fillMailbox(checkout)
        let first = try digest(["inbox", "--from", "maildir:Mail"], in: checkout.root)
        #expect(first.status == 0, "\(first.errors)")
        #expect(
            first.output.contains(
                "ann@example.org: subscribed → bounced (5.1.1 550 5.1.1 <ann@example.org>: User unknown from mx.example.org)"))
        #expect(first.output.contains("ben@example.org: subscribed → complained (complaint (abuse) via Yahoo!-Mail-Feedback/2.0)"))
        #expect(first.output.contains("cid@example.org: subscribed → unsubscribed (asked by mail from their own address)"))
        #expect(
            first.output.hasSuffix(
                "3 readers changed; 3 messages moved to Processed; 0 left for you; 1 not about the list, left as they were\n"))
        #expect(try statuses(checkout) == expected)
        #expect(files(checkout, "Mail/new") == ["4.letter"])
        #expect(files(checkout, "Mail/.Processed/cur") == ["1.bounce:2,S", "2.complaint:2,S", "3.unsubscribe:2,S"])
        let listed = try digest(["subscribers", "list", "--status", "bounced"], in: checkout.root)
        #expect(listed.output.hasPrefix("ann@example.org\tbounced\tsince "))
        let list = try String(contentsOf: checkout.url("Subscribers/subscribers.csv"), encoding: .utf8)
        let second = try digest(["inbox", "--from", "maildir:Mail"], in: checkout.root)
        #expect(
            second.output == "0 readers changed; 0 messages moved to Processed; 0 left for you; 1 not about the list, left as they were\n")
        #expect(try String(contentsOf: checkout.url("Subscribers/subscribers.csv"), encoding: .utf8) == list)
    }

    @Test(
        "killed with SIGKILL at seeded points, run again until it finishes: every message applied once, each moved, nothing lost",
        .enabled(if: straceAvailable))
    func killedRuns() throws {
        var generator = SplitMix64.forTest(seed: 0x1B0C_5)
        // A first run flushes 6 times (the list and its folder, the state and its folder,
        // the two Maildir folders) and renames 5 times (the list, the done folder's marker
        // file, three messages): the first nine attempts are killed before each flush and
        // each message's move in turn, then at points the seed chooses.
        let first =
            (1...6).map { KillPoint(call: .fsync, n: $0) } + (3...5).map { KillPoint(call: .rename, n: $0) }
        for attempt in 0..<(first.count + 3) {
            let checkout = try Checkout()
            try fillMailbox(checkout)
            var kills = 0
            while true {
                let point =
                    attempt < first.count && kills == 0 ? first[attempt] : KillPoint.random(&generator, fsyncs: 6, renames: 5)
                let result = try digest(["inbox", "--from", "maildir:Mail"], in: checkout.root, killedAt: point)
                if result.status == 0 { break }
                // Killed by the signal: the shell's status for SIGKILL, never an error of its own.
                #expect(result.errors.isEmpty || !result.errors.contains("error"), "\(point): \(result.errors)")
                #expect(!result.errors.contains("strace: "), "strace could not run digest (ptrace allowed?): \(result.errors)")
                kills += 1
                #expect(kills < 30)
                if kills >= 30 { break }
            }
            #expect(attempt >= first.count || kills >= 1, "attempt \(attempt): the run was not killed \(first[attempt])")
            #expect(try statuses(checkout) == expected, "attempt \(attempt)")
            #expect(files(checkout, "Mail/new") == ["4.letter"], "attempt \(attempt)")
            #expect(files(checkout, "Mail/.Processed/cur").count == 3, "attempt \(attempt)")
            let again = try digest(["inbox", "--from", "maildir:Mail"], in: checkout.root)
            #expect(again.output.hasPrefix("0 readers changed; 0 messages moved"), "attempt \(attempt): \(again.output)")
        }
    }

    @Test(
        "over IMAP (Dovecot), killed with SIGKILL at seeded steps: every message applied once, moved, the letter left unseen; no password printed",
        .enabled(if: dovecotAvailable && opensslAvailable && straceAvailable))
    func killedRunsOverIMAP() throws {
        var generator = SplitMix64.forTest(seed: 0x1AA_9)
        let server = try DovecotServer()
        let checkout = try Checkout()
        try fillMailbox(checkout)
        for name in ["1.bounce", "2.complaint", "3.unsubscribe", "4.letter"] {
            try server.deliver(try String(contentsOf: checkout.url("Mail/new/\(name)"), encoding: .utf8), name: name)
        }
        var kills = 0
        var outputs = ""
        while kills < 30 {
            // Over IMAP a first run flushes the state's unseen records and the state's new folder,
            // the list and its folder, then the state twice more, and renames only the list:
            // the first run is killed once the list is written, the others where the seed says.
            let point = kills == 0 ? KillPoint(call: .fsync, n: 4) : KillPoint.random(&generator, fsyncs: 6, renames: 1)
            let result = try digest(["inbox", "--from", server.url], in: checkout.root, environment: server.environment, killedAt: point)
            outputs += result.output + result.errors
            if result.status == 0 { break }
            #expect(!result.errors.contains("strace: "), "strace could not run digest (ptrace allowed?): \(result.errors)")
            kills += 1
        }
        #expect(kills >= 1 && kills < 30)
        #expect(try statuses(checkout) == expected)
        #expect(files(checkout, "Mail/new").count == 4, "the Maildir here is not the server's")
        let processed =
            (try? FileManager.default.contentsOfDirectory(atPath: server.maildir.appendingPathComponent(".Processed/cur").path)) ?? []
        #expect(processed.count == 3)
        let left = ["new", "cur"].flatMap { sub in
            (try? FileManager.default.contentsOfDirectory(atPath: server.maildir.appendingPathComponent(sub).path)) ?? []
        }
        #expect(left.count == 1 && !left[0].hasSuffix("S"), "\(left)")
        #expect(!outputs.contains(server.password))
        let again = try digest(["inbox", "--from", server.url], in: checkout.root, environment: server.environment)
        #expect(again.output.hasPrefix("0 readers changed; 0 messages moved"), "\(again.output)\(again.errors)")
    }

    @Test("a mailbox that is not a Maildir, or a URL with credentials, is refused with what to do")
    func badMailbox() throws {
        let checkout = try Checkout()
        let missing = try digest(["inbox", "--from", "maildir:Nowhere"], in: checkout.root)
        #expect(missing.status == 2)
        #expect(missing.errors.contains("is not a Maildir (it has no cur/ folder)"))
        let credentials = try digest(["inbox", "--from", "imaps://ed:pw@mail.example.org/INBOX"], in: checkout.root)
        #expect(credentials.status != 0)
        #expect(credentials.errors.contains("holds credentials") && !credentials.errors.contains("pw@"))
    }
}
