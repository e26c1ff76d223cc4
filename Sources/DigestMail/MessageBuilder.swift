import DigestCore
import Foundation

/// One message, addressed to one subscriber, ready for SMTP or a Maildir.
public struct OutgoingMessage: Sendable {
    /// The one envelope recipient.
    public var recipient: String
    /// The recipient as the list and the journal know them (``Subscriber/key``).
    public var reader: String
    /// `<…@…>`, the same for the same issue and reader on every run.
    public var messageID: String
    /// The message, CRLF line endings, no line over 998 characters.
    public var bytes: [UInt8]
}

/// Where a reader unsubscribes: always a mailto, and an HTTPS link for one-click
/// unsubscribing (RFC 8058) where the publication has one.
public struct UnsubscribeLinks: Sendable {
    public var mailto: String
    public var https: String?

    public init(mailto: String, https: String? = nil) {
        self.mailto = mailto
        self.https = https
    }
}

/// A message that cannot be built, and why.
public enum MessageError: Error, Sendable, CustomStringConvertible {
    case unsafeHeader(name: String)
    case lineTooLong(header: String)
    case unsigned(DKIMError)

    public var description: String {
        switch self {
        case .unsigned(let error): error.description
        case .unsafeHeader(let name): "the \(name) header would contain a line break or control character; mend the value"
        case .lineTooLong(let header): "the \(header) header is longer than 998 characters"
        }
    }
}

/// Builds RFC 5322 messages: one subscriber each, multipart/alternative with the text
/// edition first and the HTML edition last, UTF-8 in quoted-printable, RFC 2047 headers.
public struct MessageBuilder: Sendable {
    public let settings: Settings
    /// Names the issue in Message-IDs: `vol-2.6`.
    public let issueKey: String
    /// The Date header's time, injected so that tests and resumed sends are repeatable.
    public let date: Date
    /// The Date header's value, formatted once for every message.
    let dateHeader: String
    /// The From and List-Id headers' values, the same for every message.
    let from: String
    let listID: String

    public init(settings: Settings, issueKey: String, date: Date) {
        self.settings = settings
        self.issueKey = issueKey
        self.date = date
        dateHeader = Self.rfc5322Date(date)
        from = HeaderEncoding.mailbox(name: settings.sender.name, address: settings.sender.address)
        listID = "\(HeaderEncoding.encodeWords(settings.list.name)) <\(settings.list.id)>"
    }

    /// The message for `subscriber`, with `text` and `html` already personalised for them.
    public func build(
        for subscriber: Subscriber, subject: String, text: String, html: String, unsubscribe: UnsubscribeLinks, boundary: String
    ) throws(MessageError) -> OutgoingMessage {
        try build(
            for: subscriber, subject: subject, text: (EncodedBody([.text(text)]), []), html: (EncodedBody([.text(html)]), []),
            unsubscribe: unsubscribe, boundary: boundary)
    }

    /// The message for `subscriber`: each edition's body encoded once for the issue, with
    /// the reader's values to put in their places.
    public func build(
        for subscriber: Subscriber, subject: String, text: (body: EncodedBody, values: [String]),
        html: (body: EncodedBody, values: [String]), unsubscribe: UnsubscribeLinks, boundary: String
    ) throws(MessageError) -> OutgoingMessage {
        try build(
            for: subscriber, shared: shared(subject: subject, boundary: boundary, text: text.body, html: html.body), text: text.values,
            html: html.values, unsubscribe: unsubscribe)
    }

    /// What every reader's message of an issue shares, checked and encoded once: the
    /// headers that are the same for all, and the parts' headers. Only the reader's own
    /// (To, Message-ID, List-Unsubscribe) and their values in the bodies are made for each.
    public struct Shared: Sendable {
        let text: EncodedBody
        let html: EncodedBody
        /// `From`; `Subject` and `Date`; `MIME-Version` and `List-Id`; then from
        /// `Content-Type` to the first part's headers; between the parts; after the last.
        let from: [UInt8]
        let subjectAndDate: [UInt8]
        let versionAndListID: [UInt8]
        let contentType: [UInt8]
        let betweenParts: [UInt8]
        let end: [UInt8]
    }

    /// The headers and part headers every reader's copy of an issue with `subject` shares.
    public func shared(subject: String, boundary: String, text: EncodedBody, html: EncodedBody) throws(MessageError) -> Shared {
        if subject.containsControlCharacter { throw .unsafeHeader(name: "Subject") }
        var from: [UInt8] = []
        try Self.header("From", self.from, to: &from)
        var subjectAndDate: [UInt8] = []
        try Self.header("Subject", HeaderEncoding.encodeWords(subject), to: &subjectAndDate)
        try Self.header("Date", dateHeader, to: &subjectAndDate)
        var versionAndListID: [UInt8] = []
        try Self.header("MIME-Version", "1.0", to: &versionAndListID)
        try Self.header("List-Id", listID, to: &versionAndListID)
        var contentType: [UInt8] = []
        try Self.header("Content-Type", "multipart/alternative; boundary=\"\(boundary)\"", to: &contentType)
        contentType += "\r\n".utf8
        func partHeader(_ type: String, _ body: EncodedBody) -> String {
            "--\(boundary)\r\nContent-Type: \(type); charset=utf-8\r\nContent-Transfer-Encoding: \(body.transferEncoding)\r\n\r\n"
        }
        contentType += partHeader("text/plain", text).utf8
        return Shared(
            text: text, html: html, from: from, subjectAndDate: subjectAndDate, versionAndListID: versionAndListID,
            contentType: contentType, betweenParts: Array(("\r\n" + partHeader("text/html", html)).utf8),
            end: Array("\r\n--\(boundary)--\r\n".utf8))
    }

    /// The message for `subscriber`, with what the issue's copies share made once, and the
    /// reader's values for each edition's body.
    public func build(
        for subscriber: Subscriber, shared: Shared, text: [String], html: [String], unsubscribe: UnsubscribeLinks
    ) throws(MessageError) -> OutgoingMessage {
        // Values go into headers: a line break or control character in any of them could
        // forge a header, so it is refused before anything is encoded.
        for (name, value) in [
            ("To", subscriber.name), ("To", subscriber.address), ("List-Unsubscribe", unsubscribe.mailto),
            ("List-Unsubscribe", unsubscribe.https ?? ""),
        ] where value.containsControlCharacter {
            throw .unsafeHeader(name: name)
        }
        let reader = subscriber.key
        let messageID = "<\(issueKey).\(String(FNV1a.hash(reader.utf8), radix: 16))@\(settings.list.id)>"
        var unsubscribeHeader = "<\(unsubscribe.mailto)>"
        if let https = unsubscribe.https { unsubscribeHeader += ", <\(https)>" }

        var message: [UInt8] = []
        message.reserveCapacity(2048 + shared.text.baseLength + shared.html.baseLength)
        message += shared.from
        try Self.header("To", HeaderEncoding.mailbox(name: subscriber.name, address: subscriber.address), to: &message)
        message += shared.subjectAndDate
        try Self.header("Message-ID", messageID, to: &message)
        message += shared.versionAndListID
        try Self.header("List-Unsubscribe", unsubscribeHeader, to: &message)
        if unsubscribe.https != nil { try Self.header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click", to: &message) }
        message += shared.contentType
        shared.text.append(filling: text, to: &message)
        message += shared.betweenParts
        shared.html.append(filling: html, to: &message)
        message += shared.end
        return OutgoingMessage(recipient: subscriber.address, reader: reader, messageID: messageID, bytes: message)
    }

    /// Appends the header `name: value` and its CRLF to `message`.
    private static func header(_ name: String, _ value: String, to message: inout [UInt8]) throws(MessageError) {
        // Encoded words fold with CRLF SPACE; anything else with CR, LF or a control character is refused.
        if value.containsControlCharacter {
            let unfolded = value.replacingOccurrences(of: "\r\n ", with: " ")
            if unfolded.containsControlCharacter { throw .unsafeHeader(name: name) }
        }
        if name.utf8.count + 2 + value.utf8.count > 998
            && "\(name): \(value)".split(separator: "\r\n").contains(where: { $0.utf8.count > 998 })
        {
            throw .lineTooLong(header: name)
        }
        message += name.utf8
        message += ": ".utf8
        message += value.utf8
        message += "\r\n".utf8
    }

    /// `Thu, 06 Apr 2023 09:00:00 +0000`.
    static func rfc5322Date(_ date: Date) -> String {
        // Worked out by hand rather than with DateFormatter, whose locale data (ICU) would
        // cost a send megabytes of memory for one header.
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let time = seconds - days * 86_400
        let civil = IssueDate(dayNumber: days)
        let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let weekday = weekdays[((days % 7) + 7) % 7]
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return
            "\(weekday), \(two(civil.day)) \(months[civil.month - 1]) \(civil.year) \(two(time / 3_600)):\(two(time / 60 % 60)):\(two(time % 60)) +0000"
    }
}
