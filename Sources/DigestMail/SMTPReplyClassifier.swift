/// Reads an SMTP reply for whom it is about, and so what the send does with it: one table of
/// rules, the first that matches wins.
///
/// The enhanced status code (RFC 3463, its registry in RFC 5248) says most: X.1 and X.2 are
/// about the reader's mailbox, X.3, X.5 and X.7 about the mail system, the protocol and
/// policy (the sender, the login, relaying), X.6 about the message's content. Where a reply
/// has none (or only X.0.x), the basic code (RFC 5321) and the stage decide: a refused MAIL
/// FROM is the sender's, a 550, 551 or 553 to RCPT TO the reader's, a 552 to the final dot a
/// message too big. What refuses the sender or the message would refuse every reader, so it
/// stops the send and marks nobody; only a reader-level refusal marks a reader.
public enum SMTPReplyClassifier {
    /// What a reply means for the send.
    public enum Meaning: String, Equatable, Sendable {
        /// The server took the message.
        case accepted
        /// This reader's mailbox refuses for good: the reader is marked refused.
        case readerRefused
        /// This reader, for now: tried again later, and deferred if it lasts.
        case readerDeferred
        /// The server, for now (busy, closing, a temporary policy): tried again, and the send
        /// stops if it lasts.
        case serverBusy
        /// The sender, the login, relaying or the protocol, for good: every reader would
        /// meet it, so the send stops and nobody is marked.
        case senderRefused
        /// The message itself (its size, its content): every reader gets the same message,
        /// so the send stops and nobody is marked.
        case messageRefused
    }

    /// One line of the table.
    struct Rule {
        /// The basic codes it applies to.
        var codes: ClosedRange<Int>
        /// The enhanced code's subject and detail it needs (`nil` matches any).
        var subject: Int?
        var detail: Int?
        /// Whether the reply must have a telling enhanced code (`true`), must not (`false`),
        /// or either (`nil`).
        var needsEnhanced: Bool?
        /// The stages it applies to; `nil` for all.
        var stages: Set<SMTPStage>?
        var meaning: Meaning

        /// A rule over the enhanced code `class.subject.detail` (the class is the basic code's first digit).
        static func enhanced(
            _ codeClass: Int, _ subject: Int? = nil, detail: Int? = nil, at stages: Set<SMTPStage>? = nil, _ meaning: Meaning
        ) -> Rule {
            Rule(
                codes: (codeClass * 100)...(codeClass * 100 + 99), subject: subject, detail: detail, needsEnhanced: true,
                stages: stages, meaning: meaning)
        }

        /// A rule over the basic code alone, for replies without a telling enhanced code.
        static func basic(_ codes: ClosedRange<Int>, at stages: Set<SMTPStage>? = nil, _ meaning: Meaning) -> Rule {
            Rule(codes: codes, subject: nil, detail: nil, needsEnhanced: false, stages: stages, meaning: meaning)
        }

        /// A rule over the basic code, whatever the enhanced code says.
        static func always(_ codes: ClosedRange<Int>, _ meaning: Meaning) -> Rule {
            Rule(codes: codes, subject: nil, detail: nil, needsEnhanced: nil, stages: nil, meaning: meaning)
        }

        func matches(_ reply: SMTPReply, _ enhanced: SMTPReply.EnhancedCode?, _ stage: SMTPStage) -> Bool {
            guard codes.contains(reply.code), stages?.contains(stage) ?? true else { return false }
            switch needsEnhanced {
            case nil: return true
            case false?: return enhanced == nil
            case true?:
                guard let enhanced else { return false }
                return (subject.map { $0 == enhanced.subject } ?? true) && (detail.map { $0 == enhanced.detail } ?? true)
            }
        }
    }

    /// Words that say the reply is about the sender whatever its code says: a refusal to
    /// relay (Postfix "Relay access denied", Exim "relay not permitted", Sendmail "Relaying
    /// denied", Exchange "Unable to relay"), a sender check made at RCPT TO (Postfix checks
    /// the sender there: "550 5.1.0 <editor@…>: Sender address rejected"; Exim "Sender
    /// verify failed"), Microsoft 365 refusing a login that sends as another address
    /// ("5.2.0 … SendAsDenied"). The server would carry no reader's mail.
    static let senderPhrases = [
        "relay access denied", "relay not permitted", "relaying denied", "unable to relay", "relay denied",
        "relaying not allowed", "not allowed to relay", "relay prohibited", "relaying prohibited",
        "sender address rejected", "sender verify failed", "sender rejected", "sendasdenied",
    ]

    /// The table, most particular first.
    static let rules: [Rule] = [
        // Success, whatever else is said.
        .always(200...299, .accepted),
        // A server closing the channel (RFC 5321 421) speaks for every message.
        .always(421...421, .serverBusy),

        // X.1 addressing: the reader's address, except the sender's own (X.1.7, X.1.8) and
        // anything said to MAIL FROM.
        .enhanced(5, 1, detail: 7, .senderRefused),
        .enhanced(5, 1, detail: 8, .senderRefused),
        .enhanced(5, 1, at: [.mailFrom, .connection], .senderRefused),
        .enhanced(5, 1, .readerRefused),
        // X.2 mailbox: the reader's, except a message over the size limit (X.2.3, which
        // Gmail and others give for their system-wide limit).
        .enhanced(5, 2, detail: 3, .messageRefused),
        .enhanced(5, 2, at: [.mailFrom, .connection], .senderRefused),
        .enhanced(5, 2, .readerRefused),
        // X.3 mail system: too big (X.3.4) or the system itself.
        .enhanced(5, 3, detail: 4, .messageRefused),
        .enhanced(5, 3, .senderRefused),
        // X.4 routing: to RCPT TO, the reader's domain cannot be reached (Exchange's
        // "5.4.1 Recipient address rejected: Access denied" is an unknown mailbox).
        .enhanced(5, 4, at: [.rcptTo], .readerRefused),
        .enhanced(5, 4, .senderRefused),
        // X.5 protocol: every message would break it the same way.
        .enhanced(5, 5, .senderRefused),
        // X.6 content: the same message goes to everyone.
        .enhanced(5, 6, .messageRefused),
        // X.7 security and policy: the sender's, except the reader's mailbox or domain
        // having changed hands (RFC 7293: X.7.17, X.7.18).
        .enhanced(5, 7, detail: 17, .readerRefused),
        .enhanced(5, 7, detail: 18, .readerRefused),
        .enhanced(5, 7, .senderRefused),

        // Temporary: before a reader is named (and X.7 policy anywhere), the server's;
        // the reader's mailbox or address for now (over quota, receiving too fast,
        // a lookup that failed) to RCPT TO or the final dot.
        .enhanced(4, 3, detail: 1, .serverBusy),
        .enhanced(4, 7, .serverBusy),
        .enhanced(4, 5, .serverBusy),
        .enhanced(4, 1, at: [.rcptTo, .endOfData, .unknown], .readerDeferred),
        .enhanced(4, 2, at: [.rcptTo, .endOfData, .unknown], .readerDeferred),
        .enhanced(4, 3, at: [.rcptTo, .unknown], .readerDeferred),
        .enhanced(4, 4, at: [.rcptTo, .unknown], .readerDeferred),
        .enhanced(4, nil, .serverBusy),

        // No enhanced code, or only X.0.x: the basic code and the stage.
        .basic(400...499, at: [.rcptTo, .unknown], .readerDeferred),
        .basic(400...499, .serverBusy),
        // RFC 5321 4.5.3.1.10: 552 to RCPT TO is to be taken as 452.
        .basic(552...552, at: [.rcptTo], .readerDeferred),
        .basic(550...553, at: [.rcptTo, .unknown], .readerRefused),
        // RFC 7504: the reader's domain accepts no mail.
        .basic(556...556, at: [.rcptTo], .readerRefused),
        // The final dot refused: too big (552), policy or content (554, 550): the message.
        .basic(500...599, at: [.endOfData], .messageRefused),
        // MAIL FROM, the greeting, EHLO, AUTH (530, 535), DATA, 554 to RCPT TO (a blocked
        // client), a command not understood (500 to 504): every reader would meet it.
        .basic(500...599, .senderRefused),
    ]

    /// What `reply`, given at `stage`, means for the send.
    public static func meaning(of reply: SMTPReply, at stage: SMTPStage) -> Meaning {
        if reply.code >= 400 {
            let words = reply.text.lowercased()
            if senderPhrases.contains(where: words.contains) { return reply.code >= 500 ? .senderRefused : .serverBusy }
        }
        // X.0.x says only "other": the basic code is read instead.
        let enhanced = reply.enhanced.flatMap { $0.subject == 0 ? nil : $0 }
        for rule in rules where rule.matches(reply, enhanced, stage) { return rule.meaning }
        // Codes outside 200 to 599 (a 1xx, a 3xx where a verdict was due).
        return .senderRefused
    }
}
