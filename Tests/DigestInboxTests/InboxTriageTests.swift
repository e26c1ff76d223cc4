import DigestCore
import DigestInbox
import DigestMail
import DigestTestSupport
import Testing

/// The list these tests triage against.
private let list = SubscriberList(subscribers: [
    Subscriber(address: "ann@example.org"), Subscriber(address: "Ben@Example.org"), Subscriber(address: "cid@example.org"),
    Subscriber(address: "dee@example.org"),
])

private func verdicts(_ text: String, key: UnsubscribeKey? = Samples.key) -> [InboxVerdict] {
    let directory = ReaderDirectory(list: list, listID: Samples.listID, key: key)
    return InboxTriage.verdicts(for: InboxClassifier.classify(Array(text.utf8)), directory: directory, messageID: "m1")
}

private func isForEditor(_ verdicts: [InboxVerdict]) -> Bool {
    if verdicts.count == 1, case .forEditor = verdicts[0] { return true }
    return false
}

private func isUntouched(_ verdicts: [InboxVerdict]) -> Bool {
    verdicts.allSatisfy { !$0.isAction }
}

@Suite("What a message in the list's mailbox asks of the list")
struct InboxTriageTests {
    @Test("Postfix, Exim and Microsoft 365 permanent failures bounce the reader at once")
    func permanentFailures() throws {
        let postfix = verdicts(Samples.postfix("ann@example.org"))
        #expect(postfix.count == 1)
        guard case .mark("ann@example.org", .bounced, let reason) = postfix[0] else { Issue.record("\(postfix)"); return }
        #expect(reason.hasPrefix("5.1.1 550 5.1.1 <ann@example.org>: Recipient address rejected"))
        #expect(reason.hasSuffix("from mx.example.org"))
        // Exim writes Status 5.0.0 while its Diagnostic-Code says 5.1.1: the Status field rules,
        // and 5.0.0 is not a mailbox failure, so it counts as transient.
        let exim = verdicts(Samples.exim("ben@example.org"))
        guard case .softBounce("ben@example.org", "vol-5.3", _) = exim.first else { Issue.record("\(exim)"); return }
        let microsoft = verdicts(Samples.microsoft("cid@example.org"))
        guard case .mark("cid@example.org", .bounced, let why) = microsoft.first else { Issue.record("\(microsoft)"); return }
        #expect(why.hasPrefix("5.1.10 "))
    }

    @Test("Gmail's report with only text/rfc822-headers and a rewritten Final-Recipient finds the reader by Message-ID")
    func onlyHeaders() {
        let found = verdicts(Samples.gmail(original: "dee@example.org", finalRecipient: "dee.forwarded@gmail.com"))
        #expect(
            found == [
                .mark(
                    reader: "dee@example.org", status: .bounced,
                    reason: found.first.flatMap { verdict in
                        if case .mark(_, _, let reason) = verdict { return reason } else { return nil }
                    } ?? "")
            ])
        // Without the original's headers (stripped), nobody can be found: the editor's to read.
        let stripped = Samples.gmail(original: "dee@example.org", finalRecipient: "dee.forwarded@gmail.com")
            .replacingOccurrences(of: "Message-ID: <vol", with: "X-Gone: <vol")
            .replacingOccurrences(of: "List-Unsubscribe:", with: "X-Gone-Too:")
        #expect(isForEditor(verdicts(stripped)))
    }

    @Test("the original's List-Unsubscribe token finds the reader when only it is left, never a forged one")
    func byListUnsubscribe() {
        let withoutID = Samples.gmail(original: "dee@example.org", finalRecipient: "x@gmail.com")
            .replacingOccurrences(of: "Message-ID: <vol", with: "X-Gone: <vol")
        guard case .mark("dee@example.org", .bounced, _) = verdicts(withoutID).first else {
            Issue.record("\(verdicts(withoutID))")
            return
        }
        #expect(isForEditor(verdicts(withoutID, key: try! UnsubscribeKey(secret: "another secret, sixteen bytes or more"))))
    }

    @Test("full mailboxes and 4.x.x failures are transient: counted by issue, never a bounce at once")
    func transient() {
        for status in ["4.2.2", "5.2.2", "4.4.1", "4.7.0"] where status != "4.7.0" {
            let result = verdicts(Samples.postfix("ann@example.org", status: status))
            guard case .softBounce("ann@example.org", "vol-5.3", _) = result.first, result.count == 1 else {
                Issue.record("\(status): \(result)")
                continue
            }
        }
        // A delay warning is not a failure; a policy refusal (5.7.1) is about the sender.
        #expect(isForEditor(verdicts(Samples.postfix("ann@example.org", status: "4.4.7", action: "delayed"))))
        #expect(isForEditor(verdicts(Samples.postfix("ann@example.org", status: "5.7.1"))))
        #expect(isForEditor(verdicts(Samples.postfix("ann@example.org", status: "5.1.8"))))
    }

    @Test("Yahoo and AOL complaints with the recipient redacted mark the reader complained")
    func complaints() {
        #expect(
            verdicts(Samples.yahooComplaint("ben@example.org")) == [
                .mark(reader: "ben@example.org", status: .complained, reason: "complaint (abuse) via Yahoo!-Mail-Feedback/2.0")
            ])
        #expect(
            verdicts(Samples.yahooComplaint("cid@example.org", agent: "AOL SComp")) == [
                .mark(reader: "cid@example.org", status: .complained, reason: "complaint (abuse) via AOL SComp")
            ])
        #expect(isForEditor(verdicts(Samples.yahooComplaint("zed@example.org"))))
    }

    @Test("an unsubscribe request: a valid token applies; without one only from the reader's own address; else for the editor")
    func unsubscribeRequests() {
        let token = Samples.key.token(for: "ann@example.org", list: Samples.listID)
        #expect(
            verdicts(Samples.unsubscribe(reader: "ann@example.org", token: token, from: "someone@else.example")) == [
                .mark(reader: "ann@example.org", status: .unsubscribed, reason: "asked by mail (valid token)")
            ])
        // Forwarded by someone else with a broken token: listed, not applied.
        #expect(
            isForEditor(
                verdicts(Samples.unsubscribe(reader: "ann@example.org", token: "0" + token.dropFirst(), from: "someone@else.example"))))
        #expect(isForEditor(verdicts(Samples.unsubscribe(reader: "ann@example.org", token: nil, from: "mallory@evil.example"))))
        // From the reader's own address, in another letter case, with no token.
        #expect(
            verdicts(Samples.unsubscribe(reader: "ben@example.org", token: nil, from: "BEN@example.org")) == [
                .mark(reader: "ben@example.org", status: .unsubscribed, reason: "asked by mail from their own address")
            ])
        // Without the secret no token checks.
        #expect(isForEditor(verdicts(Samples.unsubscribe(reader: "ann@example.org", token: token, from: "x@else.example"), key: nil)))
    }

    @Test("a report on 10,000 recipients, none on the list, is left for the editor in a note naming five")
    func manyRecipients() throws {
        let blocks = (0..<10_000).map {
            "Final-Recipient: rfc822; stranger\($0)@example.net\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        }
        let text =
            "From: MAILER-DAEMON@mx.example.org\r\nTo: editor@example.org\r\nSubject: Undelivered\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n"
            + "--b\r\nContent-Type: text/plain\r\n\r\nNot delivered.\r\n"
            + "--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.org\r\n\r\n"
            + blocks.joined(separator: "\r\n") + "--b--\r\n"
        let found = verdicts(text)
        guard found.count == 1, case .forEditor(let note) = found[0] else {
            Issue.record("\(found.count) verdicts")
            return
        }
        // Five named, then how many more of those read (the report's first 500 blocks).
        #expect(note.contains("stranger4@example.net") && !note.contains("stranger5@example.net"), "\(note.suffix(200))")
        #expect(note.hasSuffix("; and 494 more"), "\(note.suffix(200))")
        #expect(note.count < 2_000, "a note of \(note.count) characters")
    }

    @Test("auto-replies and ordinary mail are not understood, and so never touched")
    func others() {
        #expect(isUntouched(verdicts(Samples.autoReply)))
        #expect(isUntouched(verdicts(Samples.ordinaryMail)))
        if case .notUnderstood = verdicts(Samples.ordinaryMail).first {} else { Issue.record("ordinary mail was understood") }
    }
}

@Suite("Hostile and broken messages")
struct HostileMessageTests {
    @Test("a report cut anywhere never crashes, and acts only once its Status line arrived whole", arguments: 0..<16)
    func truncated(part: Int) {
        let text = Samples.postfix("ann@example.org")
        let whole = Array(text.utf8)
        let statusEnd = Array(text.utf8).count - Array(text[text.range(of: "Status: 5.1.1\r\n")!.upperBound...].utf8).count
        let cut = whole.count * part / 16
        let result = InboxTriage.verdicts(
            for: InboxClassifier.classify(Array(whole.prefix(cut))),
            directory: ReaderDirectory(list: list, listID: Samples.listID, key: nil),
            messageID: nil)
        #expect(!result.isEmpty)
        if cut < statusEnd - 2 { #expect(result.allSatisfy { !$0.isAction }, "cut at \(cut) of \(whole.count): \(result)") }
    }

    @Test("a random byte soup, seeded, never crashes and never acts")
    func randomBytes() {
        var generator = SplitMix64.forTest(seed: 0x5EED_15)
        for _ in 0..<200 {
            let length = Int(generator.next() % 4096)
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            let result = InboxTriage.verdicts(
                for: InboxClassifier.classify(bytes), directory: ReaderDirectory(list: list, listID: Samples.listID, key: Samples.key),
                messageID: nil)
            #expect(result.allSatisfy { !$0.isAction })
        }
    }

    @Test("huge and deeply nested messages are read in bounded time and memory")
    func huge() {
        // 100,000 header lines, 200 nested multiparts, a part with a 20 MB line, a million boundaries.
        var headers = String(repeating: "X-Junk: a\r\n", count: 100_000) + "Content-Type: multipart/mixed; boundary=b0\r\n\r\n"
        for level in 1..<200 { headers += "--b\(level - 1)\r\nContent-Type: multipart/mixed; boundary=b\(level)\r\n\r\n" }
        let nested = InboxClassifier.classify(Array(headers.utf8))
        if case .other = nested {} else { Issue.record("nested junk was understood") }
        let oneLine = [UInt8](repeating: UInt8(ascii: "a"), count: 20 << 20)
        if case .other = InboxClassifier.classify(oneLine) {} else { Issue.record("a line of a's was understood") }
        let boundaries =
            "Content-Type: multipart/report; report-type=delivery-status; boundary=x\r\n\r\n"
            + String(repeating: "--x\r\n", count: 1_000_000)
        if case .other = InboxClassifier.classify(Array(boundaries.utf8)) {} else { Issue.record("empty parts were understood") }
    }

    @Test("a status code is read from real fields and nothing else")
    func statusCodes() {
        #expect(StatusCode("5.1.1")?.meaning == .permanent)
        #expect(StatusCode("smtp; 550-5.1.10 RESOLVER")?.description == "5.1.10")
        #expect(StatusCode("4.2.2 (mailbox full)")?.meaning == .transient)
        #expect(StatusCode("5.7.1")?.meaning == .aboutTheSender)
        #expect(StatusCode("2.0.0")?.meaning == .delivered)
        #expect(StatusCode("550") == nil && StatusCode("1.2.3") == nil && StatusCode("5.1") == nil && StatusCode("55.1.1") == nil)
    }
}
