import DigestCore
import DigestMail

/// Messages in the shapes real mail systems send, written for these tests after the RFCs
/// (3464, 5965) and the layouts Postfix, Exim, Gmail, Microsoft 365, Yahoo and AOL use.
enum Samples {
    static let listID = "alliance-digest.example.org"
    static let secret = "a test secret of more than sixteen bytes"
    static var key: UnsubscribeKey { try! UnsubscribeKey(secret: secret) }

    /// The Message-ID digest gave `reader`'s copy of `issue`.
    static func messageID(_ reader: String, issue: String = "vol-5.3") -> String {
        "<\(issue).\(String(FNV1a.hash(reader.utf8), radix: 16))@\(listID)>"
    }

    /// The headers of digest's copy for `reader`.
    static func originalHeaders(_ reader: String, issue: String = "vol-5.3") -> String {
        let token = key.token(for: reader, list: listID)
        let encoded = reader.replacingOccurrences(of: "@", with: "%40")
        return """
            From: US-Japan NEXT Alliance Initiative <editor@example.org>\r
            To: \(reader)\r
            Subject: Alliance Digest Vol 5.3\r
            Date: Thu, 03 Dec 2026 09:00:00 +0000\r
            Message-ID: \(messageID(reader, issue: issue))\r
            MIME-Version: 1.0\r
            List-Id: Alliance Digest <\(listID)>\r
            List-Unsubscribe: <mailto:editor@example.org?subject=unsubscribe%20\(encoded)%20\(token)>\r
            Content-Type: text/plain; charset=utf-8\r
            \r

            """
    }

    static func postfix(_ reader: String, status: String = "5.1.1", action: String = "failed") -> String {
        """
        Return-Path: <>\r
        From: MAILER-DAEMON@mx.example.org (Mail Delivery System)\r
        Subject: Undelivered Mail Returned to Sender\r
        To: editor@example.org\r
        Auto-Submitted: auto-replied\r
        MIME-Version: 1.0\r
        Content-Type: multipart/report; report-type=delivery-status;\r
        \tboundary="4B5C92A1.1733400000/mx.example.org"\r
        Message-Id: <20261203090002.4B5C92A1@mx.example.org>\r
        \r
        This is a MIME-encapsulated message.\r
        \r
        --4B5C92A1.1733400000/mx.example.org\r
        Content-Description: Notification\r
        Content-Type: text/plain; charset=us-ascii\r
        \r
        This is the mail system at host mx.example.org.\r
        \r
        I'm sorry to have to inform you that your message could not\r
        be delivered to one or more recipients.\r
        \r
        <\(reader)>: host mail.reader.example[192.0.2.7] said: 550 \(status) <\(reader)>:\r
            Recipient address rejected: User unknown in local recipient table\r
        \r
        --4B5C92A1.1733400000/mx.example.org\r
        Content-Description: Delivery report\r
        Content-Type: message/delivery-status\r
        \r
        Reporting-MTA: dns; mx.example.org\r
        X-Postfix-Queue-ID: 4B5C92A1\r
        X-Postfix-Sender: rfc822; editor@example.org\r
        Arrival-Date: Thu,  3 Dec 2026 09:00:01 +0000 (UTC)\r
        \r
        Final-Recipient: rfc822; \(reader)\r
        Original-Recipient: rfc822;\(reader)\r
        Action: \(action)\r
        Status: \(status)\r
        Remote-MTA: dns; mail.reader.example\r
        Diagnostic-Code: smtp; 550 \(status) <\(reader)>: Recipient address rejected:\r
            User unknown in local recipient table\r
        \r
        --4B5C92A1.1733400000/mx.example.org\r
        Content-Description: Undelivered Message\r
        Content-Type: message/rfc822\r
        \r
        \(originalHeaders(reader))Hello.\r
        \r
        --4B5C92A1.1733400000/mx.example.org--\r

        """
    }

    static func exim(_ reader: String) -> String {
        """
        Return-path: <>\r
        From: Mail Delivery System <Mailer-Daemon@exim.example.net>\r
        To: editor@example.org\r
        Subject: Mail delivery failed: returning message to sender\r
        Auto-Submitted: auto-replied\r
        Message-Id: <E1tABCD-000123-Xy@exim.example.net>\r
        Content-Type: multipart/report; report-type=delivery-status; boundary=1733400000-eximdsn-123456\r
        MIME-Version: 1.0\r
        X-Failed-Recipients: \(reader)\r
        \r
        --1733400000-eximdsn-123456\r
        Content-type: text/plain; charset=us-ascii\r
        \r
        This message was created automatically by mail delivery software.\r
        \r
        A message that you sent could not be delivered to one or more of its\r
        recipients. This is a permanent error. The following address(es) failed:\r
        \r
          \(reader)\r
            host mx.reader.example [198.51.100.4]\r
            SMTP error from remote mail server after RCPT TO:<\(reader)>:\r
            550 5.1.1 No such user here\r
        \r
        --1733400000-eximdsn-123456\r
        Content-type: message/delivery-status\r
        \r
        Reporting-MTA: dns; exim.example.net\r
        \r
        Action: failed\r
        Final-Recipient: rfc822;\(reader)\r
        Status: 5.0.0\r
        Remote-MTA: dns; mx.reader.example\r
        Diagnostic-Code: smtp; 550 5.1.1 No such user here\r
        \r
        --1733400000-eximdsn-123456\r
        Content-type: message/rfc822\r
        \r
        \(originalHeaders(reader))Hello.\r
        --1733400000-eximdsn-123456--\r

        """
    }

    /// Gmail's: the reader only in a text/rfc822-headers part and Final-Recipient
    /// rewritten to a forwarding address (so only the Message-ID finds them).
    static func gmail(original reader: String, finalRecipient: String, status: String = "5.1.1") -> String {
        """
        Delivered-To: editor@example.org\r
        Return-Path: <>\r
        From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>\r
        To: editor@example.org\r
        Auto-Submitted: auto-replied\r
        Subject: Delivery Status Notification (Failure)\r
        Message-ID: <6751a2b3.050a0220.1c2b3.0001.GMR@mx.google.com>\r
        Date: Thu, 03 Dec 2026 01:00:03 -0800 (PST)\r
        MIME-Version: 1.0\r
        Content-Type: multipart/report; boundary="000000000000a1b2c3d4e5f60718"; report-type=delivery-status\r
        \r
        --000000000000a1b2c3d4e5f60718\r
        Content-Type: multipart/related; boundary="000000000000a1b2c3d4e5f60720"\r
        \r
        --000000000000a1b2c3d4e5f60720\r
        Content-Type: multipart/alternative; boundary="000000000000a1b2c3d4e5f60721"\r
        \r
        --000000000000a1b2c3d4e5f60721\r
        Content-Type: text/plain; charset="UTF-8"\r
        \r
        ** Address not found **\r
        \r
        Your message wasn't delivered to \(finalRecipient) because the address couldn't be found.\r
        --000000000000a1b2c3d4e5f60721--\r
        --000000000000a1b2c3d4e5f60720--\r
        --000000000000a1b2c3d4e5f60718\r
        Content-Type: message/delivery-status\r
        \r
        Reporting-MTA: dns; googlemail.com\r
        Received-From-MTA: dns; mail-sor-f41.google.com\r
        Arrival-Date: Thu, 03 Dec 2026 01:00:02 -0800 (PST)\r
        X-Original-Message-ID: \(messageID(reader))\r
        \r
        Final-Recipient: rfc822; \(finalRecipient)\r
        Action: failed\r
        Status: \(status)\r
        Diagnostic-Code: smtp; 550-\(status) The email account that you tried to reach does not exist.\r
        Last-Attempt-Date: Thu, 03 Dec 2026 01:00:03 -0800 (PST)\r
        \r
        --000000000000a1b2c3d4e5f60718\r
        Content-Type: text/rfc822-headers\r
        \r
        \(originalHeaders(reader))--000000000000a1b2c3d4e5f60718--\r

        """
    }

    /// Microsoft 365's non-delivery report: 5.1.10, the report part base64-encoded, no Original-Recipient.
    static func microsoft(_ reader: String) -> String {
        let fields = """
            Reporting-MTA: dns;BN8PR12MB3300.namprd12.prod.outlook.com\r
            Received-From-MTA: dns;mail.example.org\r
            Arrival-Date: Thu, 3 Dec 2026 09:00:01 +0000\r
            \r
            Final-Recipient: rfc822;\(reader)\r
            Action: failed\r
            Status: 5.1.10\r
            Diagnostic-Code: smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup\r

            """
        let encoded = Array(fields.utf8).base64Lines
        return """
            From: Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@reader.example>\r
            To: <editor@example.org>\r
            Subject: Undeliverable: Alliance Digest Vol 5.3\r
            Content-Type: multipart/report; report-type=delivery-status;\r
            \tboundary="9e7d2a3f-8c51-4cf1-a1c4-2b6a0d1f5e44"\r
            MIME-Version: 1.0\r
            Auto-Submitted: auto-replied\r
            \r
            --9e7d2a3f-8c51-4cf1-a1c4-2b6a0d1f5e44\r
            Content-Type: multipart/alternative; differences=Content-Type;\r
            \tboundary="b0c1d2e3-f405-4617-8293-a4b5c6d7e8f9"\r
            \r
            --b0c1d2e3-f405-4617-8293-a4b5c6d7e8f9\r
            Content-Type: text/plain; charset="us-ascii"\r
            \r
            Your message to \(reader) couldn't be delivered.\r
            --b0c1d2e3-f405-4617-8293-a4b5c6d7e8f9\r
            Content-Type: text/html; charset="us-ascii"\r
            \r
            <html><body><p>Your message couldn't be delivered.</p></body></html>\r
            --b0c1d2e3-f405-4617-8293-a4b5c6d7e8f9--\r
            \r
            --9e7d2a3f-8c51-4cf1-a1c4-2b6a0d1f5e44\r
            Content-Type: message/delivery-status\r
            Content-Transfer-Encoding: base64\r
            \r
            \(encoded)\r
            --9e7d2a3f-8c51-4cf1-a1c4-2b6a0d1f5e44\r
            Content-Type: message/rfc822\r
            \r
            \(originalHeaders(reader))Hello.\r
            --9e7d2a3f-8c51-4cf1-a1c4-2b6a0d1f5e44--\r

            """
    }

    /// Yahoo's (and AOL's, the same system) ARF report: the recipient redacted, the original attached.
    static func yahooComplaint(_ reader: String, agent: String = "Yahoo!-Mail-Feedback/2.0") -> String {
        """
        From: Yahoo! Mail AntiSpam Feedback <feedback@arf.mail.yahoo.com>\r
        To: abuse@example.org\r
        Subject: FW: Alliance Digest Vol 5.3\r
        Date: 3 Dec 2026 10:00:00 -0000\r
        MIME-Version: 1.0\r
        Message-ID: <1733400000.12345@arf.mail.yahoo.com>\r
        Content-Type: multipart/report; report-type=feedback-report; boundary="----=_Part_1_2_3"\r
        \r
        ------=_Part_1_2_3\r
        Content-Type: text/plain; charset="UTF-8"\r
        \r
        This is an email abuse report for an email message from example.org on Thu, 3 Dec 2026 09:00:00 +0000\r
        ------=_Part_1_2_3\r
        Content-Type: message/feedback-report\r
        \r
        Feedback-Type: abuse\r
        User-Agent: \(agent)\r
        Version: 1\r
        Original-Mail-From: <editor@example.org>\r
        Arrival-Date: Thu, 3 Dec 2026 09:00:02 +0000\r
        Source-IP: 192.0.2.25\r
        Reported-Domain: example.org\r
        Authentication-Results: mta1001.mail.bf1.yahoo.com  from=example.org; domainkeys=neutral; dkim=pass (ok)\r
        \r
        ------=_Part_1_2_3\r
        Content-Type: message/rfc822\r
        \r
        \(originalHeaders(reader).replacingOccurrences(of: "To: \(reader)", with: "To: redacted@yahoo.com"))Hello.\r
        ------=_Part_1_2_3--\r

        """
    }

    static func unsubscribe(reader: String, token: String?, from: String) -> String {
        let encoded = reader.replacingOccurrences(of: "@", with: "%40")
        let subject = ["unsubscribe", encoded, token].compactMap { $0 }.joined(separator: " ")
        return """
            From: A Reader <\(from)>\r
            To: editor@example.org\r
            Subject: \(subject)\r
            Message-ID: <abc.\(from)>\r
            \r
            This message was sent by the unsubscribe link.\r

            """
    }

    static let autoReply = """
        From: Away <ann@example.org>\r
        To: editor@example.org\r
        Subject: Automatic reply: unsubscribe\r
        Auto-Submitted: auto-replied\r
        \r
        I am out of the office until Monday.\r

        """

    static let ordinaryMail = """
        From: Ben <ben@example.org>\r
        To: editor@example.org\r
        Subject: Great issue this week\r
        \r
        Thanks for the piece on the Nansei islands.\r

        """
}

extension [UInt8] {
    /// Base64 in lines of 76, as mail has it.
    var base64Lines: String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        var index = 0
        while index < count {
            let chunk = self[index..<Swift.min(index + 3, count)]
            let bytes = Array(chunk) + Array(repeating: 0, count: 3 - chunk.count)
            let value = UInt32(bytes[0]) << 16 | UInt32(bytes[1]) << 8 | UInt32(bytes[2])
            for position in 0..<4 {
                out.append(position <= chunk.count ? alphabet[Int(value >> UInt32(18 - 6 * position) & 63)] : UInt8(ascii: "="))
            }
            index += 3
        }
        var lines: [String] = []
        var start = 0
        while start < out.count {
            lines.append(String(decoding: out[start..<Swift.min(start + 76, out.count)], as: UTF8.self))
            start += 76
        }
        return lines.joined(separator: "\r\n")
    }
}
