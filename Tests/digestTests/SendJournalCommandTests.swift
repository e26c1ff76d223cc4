import DigestCore
import DigestTestSupport
import Foundation
import Testing

/// A finished Vol 2.6 (no placeholders, no lint findings), `headline` its first headline.
func finishedIssue(headline: String = "Japan and the US agree to expand joint exercises", date: String = "2023-04-06") -> String {
    """
    US-Japan Alliance Digest Vol 2.6
    Date: \(date)

    Headlines
    - \(headline)
    - Tokyo raises its defense budget again
    - US and Japanese officials meet in Washington
    - Japan joins a new supply chain partnership
    - Okinawa governor visits Washington

    Details
    - Japan and the US agreed on March 30 to expand joint exercises around the
      Sea of Japan, officials said.
    - Tokyo raised its defense budget again, the Defense Ministry said on
      March 31.
    - US and Japanese officials met in Washington on April 3 to discuss the
      alliance.
    - Japan joined a new supply chain partnership with the US on April 4.
    - The Okinawa governor visited Washington on April 5 to meet members of
      Congress.

    Footer
    “US-Japan Alliance Digest” is a bi-weekly summary of bilateral and related
    developments compiled by Sasakawa USA’s “US-Japan NEXT Alliance Initiative.”
    To receive “Alliance Digest” via email, contact egulum@spfusa.org

    """
}

let issuePath = "Drafts/2023-04-06-vol-2.6.issue"

/// A checkout with the finished Vol 2.6 and `count` subscribers.
func finishedCheckout(subscribers count: Int) throws -> Checkout {
    let checkout = try Checkout()
    try checkout.write(finishedIssue(), to: issuePath)
    try writeList(count, in: checkout)
    return checkout
}

func writeList(_ count: Int, in checkout: Checkout) throws {
    var csv = "address,name,status,subscribed,changed\n"
    for index in 0..<count { csv += "reader\(index)@example.org,Reader \(index),subscribed,2023-01-01,2023-01-01\n" }
    try checkout.write(csv, to: "Subscribers/subscribers.csv")
}

/// A journal line as digest writes it, checksum and all.
func checkedLine(_ fields: String) -> String {
    let value = FNV1a.hash(Array(fields.utf8))
    let sum = UInt32(truncatingIfNeeded: value >> 32) ^ UInt32(truncatingIfNeeded: value)
    let hex = String(sum, radix: 16)
    return fields + "\t" + String(repeating: "0", count: 8 - hex.count) + hex + "\n"
}

func outboxCount(_ checkout: Checkout) throws -> Int {
    try FileManager.default.contentsOfDirectory(atPath: checkout.url("Outbox/new").path).count
}

@Suite("digest send and its journal, as an editor sees them")
struct SendJournalCommandTests {
    @Test("a damaged journal stops the send with its line and what to do; --status reports it; a torn last line is no damage")
    func damagedJournal() throws {
        let checkout = try finishedCheckout(subscribers: 30)
        let first = try digest(["send", issuePath], in: checkout.root)
        #expect(first.status == 0, "\(first.errors)")
        let journalURL = checkout.url("Outbox/vol-2.6.journal")
        let whole = try String(contentsOf: journalURL, encoding: .utf8)
        let lines = whole.split(separator: "\n").map(String.init)
        let seed: UInt64 = 0x0D16_E57
        print("damaged-journal seed: \(seed)")
        var random = SplitMix64(seed: seed)
        let junk = String(decoding: (0..<120).map { _ in UInt8.random(in: 0x80...0xFF, using: &random) }, as: UTF8.self)
        let damages: [(String, [String], Int)] = [
            ("conflict markers", Array(lines[..<8]) + ["<<<<<<< HEAD"] + Array(lines[8...]), 9),
            ("a run of NULs", Array(lines[..<20]) + [String(repeating: "\u{0}", count: 600)] + Array(lines[24...]), 21),
            ("random bytes", Array(lines[..<40]) + [junk] + Array(lines[41...]), 41),
            (
                "an edited address",
                Array(lines[..<30]) + [lines[30].replacingOccurrences(of: "reader", with: "Reader")] + Array(lines[31...]), 31
            ),
        ]
        for (what, damaged, line) in damages {
            try Data((damaged.joined(separator: "\n") + "\n").utf8).write(to: journalURL)
            let send = try digest(["send", issuePath], in: checkout.root)
            #expect(send.status == 2, "\(what): \(send.output)")
            #expect(send.errors.contains("Outbox/vol-2.6.journal:\(line): error: this line cannot be read"), "\(what): \(send.errors)")
            #expect(send.errors.contains("restore it from a backup") && send.errors.contains("nothing was sent"), "\(what)")
            #expect(try outboxCount(checkout) == 30, "\(what): the list was mailed again")
            let status = try digest(["send", "--status", issuePath], in: checkout.root)
            #expect(status.status == 1, "\(what)")
            #expect(status.output.contains("Outbox/vol-2.6.journal:\(line): error:"), "\(what): \(status.output)")
        }
        // A line torn by a kill is no damage: the send finds nothing left to do.
        try Data((whole + "accepted\treader3@exam").utf8).write(to: journalURL)
        let torn = try digest(["send", issuePath], in: checkout.root)
        #expect(torn.status == 0 && torn.output.contains("nothing left to send"), "\(torn.output)\(torn.errors)")
    }

    @Test("a journal written before checksums is honoured: only the readers it does not name are mailed")
    func oldJournal() throws {
        let checkout = try finishedCheckout(subscribers: 12)
        var old = ""
        for index in 0..<9 {
            old += "intent\treader\(index)@example.org\t<\(index)@x>\t\naccepted\treader\(index)@example.org\t<\(index)@x>\t250 ok\n"
        }
        try checkout.write(old, to: "Outbox/vol-2.6.journal")
        let send = try digest(["send", issuePath], in: checkout.root)
        #expect(send.status == 0, "\(send.errors)")
        #expect(send.output.contains("3 accepted") && send.output.contains("skipped from earlier runs: 9 sent"), "\(send.output)")
        #expect(try outboxCount(checkout) == 3)
    }

    @Test("an issue edited after readers got it, or another issue under its number, is refused unless accepted")
    func changedIssue() throws {
        let checkout = try finishedCheckout(subscribers: 5)
        #expect(try digest(["send", issuePath], in: checkout.root).status == 0)
        try writeList(6, in: checkout)
        try checkout.write(finishedIssue(headline: "Japan and the US agree to double joint exercises"), to: issuePath)
        let edited = try digest(["send", issuePath], in: checkout.root)
        #expect(edited.status == 1)
        #expect(edited.errors.contains("5 readers were sent") && edited.errors.contains("--accept-changed-issue"), "\(edited.errors)")
        #expect(try outboxCount(checkout) == 5)
        let accepted = try digest(["send", issuePath, "--accept-changed-issue"], in: checkout.root)
        #expect(accepted.status == 0 && accepted.output.contains("1 accepted"), "\(accepted.output)\(accepted.errors)")
        // A whole other issue under the sent number is not "nothing left to send".
        try checkout.write(finishedIssue(headline: "Japan and Korea hold talks", date: "2023-04-20"), to: issuePath)
        let reused = try digest(["send", issuePath], in: checkout.root)
        #expect(reused.status == 1 && !reused.output.contains("nothing left to send"), "\(reused.output)")
        #expect(reused.errors.contains("a new issue needs its own number"))
        // Comments change nothing readers see: no question asked.
        try checkout.write(
            "# checked by the second editor\n" + finishedIssue(headline: "Japan and the US agree to double joint exercises"), to: issuePath)
        let commented = try digest(["send", issuePath], in: checkout.root)
        #expect(commented.status == 0 && commented.output.contains("nothing left to send"), "\(commented.errors)")
    }

    @Test("the report counts every uncertain reader; --status names them all and exits 1 while any need a decision")
    func namesReaders() throws {
        let checkout = try finishedCheckout(subscribers: 2_000)
        // An earlier run left 1,980 readers in flight (intent, no outcome) and refused one.
        var journal = checkedLine("journal\t\t\tdigest send journal, format 2")
        for index in 0..<1_980 { journal += checkedLine("intent\treader\(index)@example.org\t<\(index)@x>\t") }
        journal += checkedLine("failed\treader1999@example.org\t<1999@x>\t550 5.1.1 unknown user")
        try checkout.write(journal, to: "Outbox/vol-2.6.journal")
        let send = try digest(["send", issuePath], in: checkout.root)
        #expect(send.status == 1)
        #expect(send.output.contains("19 accepted"), "\(send.output)")
        #expect(send.output.contains("skipped from earlier runs: 0 sent, 1 refused, 1,980 uncertain"), "\(send.output)")
        #expect(send.output.contains("  … and 1,960 more (`digest send --status \(issuePath)` names them all)"), "\(send.output)")

        let status = try digest(["send", "--status", issuePath], in: checkout.root)
        #expect(status.status == 1)
        #expect(status.output.contains("sent         19\n") && status.output.contains("uncertain 1,980\n"), "\(status.output)")
        #expect(status.output.contains("uncertain, 1,980 (the server may have taken it"))
        let lines = Set(status.output.split(separator: "\n"))
        let named = (0..<1_980).filter { lines.contains("  reader\($0)@example.org  the send stopped while this message was in flight") }
        #expect(named.count == 1_980)
        #expect(
            status.output.contains("refused, 1 (not mailed again")
                && status.output.contains("  reader1999@example.org  550 5.1.1 unknown user"))

        // Once the editor has decided (here: resend them), nobody needs a decision: exit 0.
        try writeList(1_999, in: checkout)
        #expect(try digest(["send", issuePath, "--resend-uncertain"], in: checkout.root).status == 0)
        let settled = try digest(["send", "--status", issuePath], in: checkout.root)
        #expect(settled.status == 0, "\(settled.output)")
    }

    @Test(
        "after an SMTP send --status finds its journal without --smtp, and a fresh clone with the committed summary mails nobody twice",
        .enabled(if: aiosmtpdAvailable, "python3 -m pip install aiosmtpd (.ci/setup --test does)"))
    func smtpStatusAndFreshClone() throws {
        let checkout = try finishedCheckout(subscribers: 6)
        let server = try TestServer()
        let send = try digest(["send", issuePath, "--smtp", server.url, "--yes"], in: checkout.root, environment: secret)
        #expect(send.status == 0, "\(send.errors)")
        let status = try digest(["send", "--status", issuePath], in: checkout.root, environment: secret)
        #expect(status.status == 0)
        #expect(
            status.output.hasPrefix(
                "journal: .digest/journal/vol-2.6.journal (SMTP and SES)\nsummary: Subscribers/sent/vol-2.6.sent (commit it)\nsent      6\n"
            ),
            "\(status.output)")
        let summary = try String(contentsOf: checkout.url("Subscribers/sent/vol-2.6.sent"), encoding: .utf8)
        #expect(!summary.contains("@example.org"))

        // A fresh clone: the summary is committed, .digest/ is not; two readers joined since.
        try FileManager.default.removeItem(at: checkout.url(".digest"))
        try writeList(8, in: checkout)
        // Without the secret the clone cannot find the summary's readers on the list, and says so.
        let blind = try digest(["send", "--status", issuePath], in: checkout.root)
        #expect(blind.output.contains("sent      6\n") && blind.output.contains("remaining is not known"), "\(blind.output)")
        let clone = try digest(["send", "--status", issuePath], in: checkout.root, environment: secret)
        #expect(clone.output.contains("sent      6\n") && clone.output.contains("remaining 2\n"), "\(clone.output)")
        let resumed = try digest(["send", issuePath, "--smtp", server.url, "--yes"], in: checkout.root, environment: secret)
        #expect(resumed.status == 0 && resumed.output.contains("2 accepted"), "\(resumed.output)\(resumed.errors)")
        let copies = Dictionary(grouping: try server.received(), by: { $0.recipients.first ?? "" }).mapValues(\.count)
        #expect(copies.count == 8 && copies.values.allSatisfy { $0 == 1 }, "\(copies)")
    }
}
