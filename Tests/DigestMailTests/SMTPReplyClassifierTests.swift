import DigestMail
import Testing

/// Real reply lines (the last line of each reply, as libcurl hands it over) from Gmail,
/// Microsoft 365, Postfix, Exim, Amazon SES and aiosmtpd, each with the stage it came at.
struct ReplyCase: CustomTestStringConvertible, Sendable {
    var line: String
    var stage: SMTPStage
    var meaning: SMTPReplyClassifier.Meaning
    var source: String

    init(_ line: String, _ stage: SMTPStage, _ meaning: SMTPReplyClassifier.Meaning, _ source: String) {
        self.line = line
        self.stage = stage
        self.meaning = meaning
        self.source = source
    }

    var testDescription: String { "\(source) at \(stage): \(line.prefix(60))" }
}

let realReplies: [ReplyCase] = [
    // The issue's own case: a server that wants a login, whatever the list's size.
    ReplyCase("530 5.7.0 Authentication required", .mailFrom, .senderRefused, "aiosmtpd"),
    ReplyCase("530 5.7.0 Authentication required", .rcptTo, .senderRefused, "aiosmtpd"),
    ReplyCase("530 Authentication required", .mailFrom, .senderRefused, "SES"),
    // Gmail (support.google.com/a/answer/3726730).
    ReplyCase(
        "550 5.1.1 https://support.google.com/mail/?p=NoSuchUser a1si123 - gsmtp", .rcptTo, .readerRefused, "Gmail"),
    ReplyCase("552 5.2.2 The email account that you tried to reach is over quota. - gsmtp", .rcptTo, .readerRefused, "Gmail"),
    ReplyCase("452 4.2.2 The email account that you tried to reach is over quota. - gsmtp", .rcptTo, .readerDeferred, "Gmail"),
    ReplyCase(
        "450 4.2.1 The user you are trying to contact is receiving mail too quickly. - gsmtp", .rcptTo, .readerDeferred, "Gmail"),
    ReplyCase("550 5.2.1 The email account that you tried to reach is disabled. - gsmtp", .rcptTo, .readerRefused, "Gmail"),
    ReplyCase("552 5.3.4 Your message exceeded Google's message size limits. - gsmtp", .endOfData, .messageRefused, "Gmail"),
    ReplyCase("552 5.2.3 Your message exceeded Google's message size limits. - gsmtp", .endOfData, .messageRefused, "Gmail"),
    ReplyCase(
        "550 5.7.26 Unauthenticated email from example.org is not accepted due to domain's DMARC policy. - gsmtp", .endOfData,
        .senderRefused, "Gmail"),
    ReplyCase(
        "550 5.7.1 This message violates example.com email policy. - gcdp <sessionid> - gsmtp", .endOfData, .senderRefused, "Gmail"),
    ReplyCase("554 5.6.0 Message exceeded 50 hops, this may indicate a mail loop. - gsmtp", .endOfData, .messageRefused, "Gmail"),
    ReplyCase("530 5.7.0 Must issue a STARTTLS command first. - gsmtp", .mailFrom, .senderRefused, "Gmail"),
    ReplyCase("535 5.7.8 Username and Password not accepted. - gsmtp", .connection, .senderRefused, "Gmail"),
    ReplyCase("421 4.7.0 Try again later, closing connection. - gsmtp", .connection, .serverBusy, "Gmail"),
    ReplyCase("421 4.3.0 Temporary System Problem. Try again later. - gsmtp", .endOfData, .serverBusy, "Gmail"),
    ReplyCase("451 4.3.0 Mail server temporarily rejected message. - gsmtp", .endOfData, .serverBusy, "Gmail"),
    ReplyCase("451 4.4.2 Timeout - closing connection. - gsmtp", .data, .serverBusy, "Gmail"),
    ReplyCase("452 4.5.3 Your message has too many recipients. - gsmtp", .rcptTo, .serverBusy, "Gmail"),
    ReplyCase("454 4.7.0 Cannot authenticate due to temporary system problem. - gsmtp", .connection, .serverBusy, "Gmail"),
    // Microsoft 365 / Exchange Online.
    ReplyCase(
        "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup", .endOfData, .readerRefused,
        "Microsoft 365"),
    ReplyCase(
        "550 5.4.1 Recipient address rejected: Access denied. AS(201806281) [BN1NAM02FT022.eop-nam02.prod.protection.outlook.com]",
        .rcptTo, .readerRefused, "Microsoft 365"),
    ReplyCase(
        "530 5.7.57 Client not authenticated to send mail. [AM6PR0732.eurprd07.prod.outlook.com]", .mailFrom, .senderRefused,
        "Microsoft 365"),
    ReplyCase("550 5.7.708 Access denied, traffic not accepted from this IP.", .mailFrom, .senderRefused, "Microsoft 365"),
    ReplyCase(
        "554 5.2.0 STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; Failed to process message",
        .endOfData, .senderRefused, "Microsoft 365"),
    ReplyCase(
        "550 5.7.12 RESOLVER.RST.SenderAuthenticated; Delivery restriction check failed as sender not authenticated",
        .endOfData, .senderRefused, "Microsoft 365"),
    ReplyCase("451 4.7.500 Server busy. Please try again later from [192.0.2.1]. (S77719)", .mailFrom, .serverBusy, "Microsoft 365"),
    ReplyCase("432 4.3.2 STOREDRV.Deliver; recipient thread limit exceeded", .endOfData, .serverBusy, "Microsoft 365"),
    // Postfix.
    ReplyCase(
        "550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown in local recipient table", .rcptTo,
        .readerRefused, "Postfix"),
    ReplyCase(
        "550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown in relay recipient table", .rcptTo,
        .readerRefused, "Postfix"),
    ReplyCase("554 5.7.1 <bob@example.org>: Relay access denied", .rcptTo, .senderRefused, "Postfix"),
    ReplyCase("454 4.7.1 <bob@example.org>: Relay access denied", .rcptTo, .serverBusy, "Postfix"),
    ReplyCase(
        "553 5.7.1 <editor@example.org>: Sender address rejected: not owned by user editor", .rcptTo, .senderRefused, "Postfix"),
    ReplyCase(
        "550 5.1.0 <editor@example.org>: Sender address rejected: User unknown in virtual mailbox table", .rcptTo,
        .senderRefused, "Postfix"),
    ReplyCase("450 4.1.8 <editor@bad.example>: Sender address rejected: Domain not found", .rcptTo, .serverBusy, "Postfix"),
    ReplyCase("450 4.2.0 <bob@example.org>: Recipient address rejected: Greylisted", .rcptTo, .readerDeferred, "Postfix"),
    ReplyCase("451 4.3.0 <bob@example.org>: Temporary lookup failure", .rcptTo, .readerDeferred, "Postfix"),
    ReplyCase("452 4.3.1 Insufficient system storage", .mailFrom, .serverBusy, "Postfix"),
    ReplyCase("552 5.3.4 Message size exceeds fixed limit", .endOfData, .messageRefused, "Postfix"),
    ReplyCase(
        "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org", .rcptTo, .senderRefused,
        "Postfix"),
    ReplyCase("554 5.5.1 Error: no valid recipients", .data, .senderRefused, "Postfix"),
    ReplyCase("502 5.5.2 Error: command not recognized", .connection, .senderRefused, "Postfix"),
    ReplyCase("421 4.4.2 mail.example.org Error: timeout exceeded", .unknown, .serverBusy, "Postfix"),
    ReplyCase(
        "550 5.1.10 <bob@nomail.example>: Recipient address rejected: Domain example has null MX", .rcptTo, .readerRefused, "Postfix"),
    // Exim (no enhanced codes unless configured).
    ReplyCase("550 relay not permitted", .rcptTo, .senderRefused, "Exim"),
    ReplyCase("550 Unrouteable address", .rcptTo, .readerRefused, "Exim"),
    ReplyCase("550 Sender verify failed", .rcptTo, .senderRefused, "Exim"),
    ReplyCase("501 userx: recipient address must contain a domain", .rcptTo, .senderRefused, "Exim"),
    ReplyCase("452 Too many recipients", .rcptTo, .readerDeferred, "Exim"),
    ReplyCase("451 Temporary local problem - please try later", .endOfData, .serverBusy, "Exim"),
    ReplyCase("550 Administrative prohibition", .mailFrom, .senderRefused, "Exim"),
    // Amazon SES (docs.aws.amazon.com/ses/latest/dg/troubleshoot-smtp.html).
    ReplyCase(
        "554 Message rejected: Email address is not verified. The following identities failed the check in region US-EAST-1: editor@example.org",
        .endOfData, .messageRefused, "SES"),
    ReplyCase("554 Throttling failure: Daily message quota exceeded.", .endOfData, .messageRefused, "SES"),
    ReplyCase("454 Throttling failure: Maximum sending rate exceeded.", .endOfData, .serverBusy, "SES"),
    ReplyCase("421 Exceeded allowable connection time.", .unknown, .serverBusy, "SES"),
    ReplyCase("535 Authentication Credentials Invalid", .connection, .senderRefused, "SES"),
    // Bare codes by stage (RFC 5321).
    ReplyCase("550 Requested action not taken: mailbox unavailable", .rcptTo, .readerRefused, "RFC 5321"),
    ReplyCase("551 User not local; please try <bob@elsewhere.example>", .rcptTo, .readerRefused, "RFC 5321"),
    ReplyCase("553 Requested action not taken: mailbox name not allowed", .rcptTo, .readerRefused, "RFC 5321"),
    ReplyCase("550 Requested action not taken: mailbox unavailable", .mailFrom, .senderRefused, "RFC 5321"),
    ReplyCase("552 Requested mail action aborted: exceeded storage allocation", .rcptTo, .readerDeferred, "RFC 5321"),
    ReplyCase("552 Requested mail action aborted: exceeded storage allocation", .endOfData, .messageRefused, "RFC 5321"),
    ReplyCase("554 Transaction failed", .endOfData, .messageRefused, "RFC 5321"),
    ReplyCase("554 No SMTP service here", .connection, .senderRefused, "RFC 5321"),
    ReplyCase("556 Domain does not accept mail", .rcptTo, .readerRefused, "RFC 7504"),
    ReplyCase("521 Host does not accept mail", .connection, .senderRefused, "RFC 7504"),
    ReplyCase("450 Requested mail action not taken: mailbox unavailable", .rcptTo, .readerDeferred, "RFC 5321"),
    ReplyCase("451 Requested action aborted: local error in processing", .mailFrom, .serverBusy, "RFC 5321"),
    ReplyCase("250 2.0.0 Ok: queued as 4F2A1", .endOfData, .accepted, "Postfix"),
    ReplyCase("250 Ok", .endOfData, .accepted, "RFC 5321"),
    // X.0.x says nothing: the basic code decides.
    ReplyCase("550 5.0.0 <bob@example.org>: User unknown", .rcptTo, .readerRefused, "X.0.0"),
    ReplyCase("550 5.0.0 Rejected", .mailFrom, .senderRefused, "X.0.0"),
]

@Suite("SMTP replies read for whom they are about")
struct SMTPReplyClassifierTests {
    @Test("real reply lines from Gmail, Microsoft 365, Postfix, Exim, SES and RFC 5321", arguments: realReplies)
    func realReply(_ reply: ReplyCase) throws {
        let parsed = try #require(SMTPReply(line: reply.line))
        #expect(SMTPReplyClassifier.meaning(of: parsed, at: reply.stage) == reply.meaning)
    }

    @Test("the enhanced code is read only where RFC 3463 puts it, and only when its class agrees with the basic code")
    func parsing() {
        #expect(SMTPReply(line: "550 5.1.10 RESOLVER.ADR.RecipientNotFound")?.enhanced == .init(5, 1, 10))
        #expect(SMTPReply(line: "550-5.7.26 Unauthenticated email")?.enhanced == .init(5, 7, 26))
        #expect(SMTPReply(line: "250 2.0.0")?.enhanced == .init(2, 0, 0))
        #expect(SMTPReply(line: "554 Message rejected: 5.7.1 later in the text")?.enhanced == nil)
        #expect(SMTPReply(line: "250 5.0.0 class disagrees")?.enhanced == nil)
        #expect(SMTPReply(line: "550 5.9.1 no such subject")?.enhanced == nil)
        #expect(SMTPReply(line: "550 5.1.1234 too long")?.enhanced == nil)
        #expect(SMTPReply(line: "550 5.1 short")?.enhanced == nil)
        #expect(SMTPReply(line: "550 5.1.1")?.code == 550)
        #expect(SMTPReply(line: "55") == nil)
        #expect(SMTPReply(line: "abc 5.1.1") == nil)
    }

    @Test("every enhanced code at every stage gets a meaning that agrees with its class")
    func everySubject() {
        // Every class, subject and detail up to 30 at every stage gives a meaning that
        // agrees with the class: success accepted, 4 never refuses, 5 never defers.
        for codeClass in [2, 4, 5] {
            for subject in 0...7 {
                for detail in 0...30 {
                    for stage in SMTPStage.allCases {
                        let line = "\(codeClass)50 \(codeClass).\(subject).\(detail) text"
                        let meaning = SMTPReplyClassifier.meaning(of: SMTPReply(line: line)!, at: stage)
                        switch codeClass {
                        case 2: #expect(meaning == .accepted, "\(line)")
                        case 4: #expect([.readerDeferred, .serverBusy].contains(meaning), "\(line) at \(stage)")
                        default: #expect(![.readerDeferred, .serverBusy, .accepted].contains(meaning), "\(line) at \(stage)")
                        }
                    }
                }
            }
        }
    }

    @Test("libcurl's error text names the stage")
    func stages() {
        #expect(SMTPStage.from(curlError: "MAIL failed: 530", handedOver: false) == .mailFrom)
        #expect(SMTPStage.from(curlError: "RCPT failed: 550", handedOver: false) == .rcptTo)
        #expect(SMTPStage.from(curlError: "DATA failed: 554", handedOver: false) == .data)
        #expect(SMTPStage.from(curlError: "Got unexpected smtp-server response: 421", handedOver: false) == .connection)
        #expect(SMTPStage.from(curlError: "", handedOver: true) == .endOfData)
        #expect(SMTPStage.from(curlError: "", handedOver: false) == .unknown)
    }
}
