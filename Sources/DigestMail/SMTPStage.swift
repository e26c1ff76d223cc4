/// Where in the SMTP conversation a reply came: the same code means a different thing at
/// MAIL FROM (the sender) than at RCPT TO (the reader).
public enum SMTPStage: String, Sendable, CaseIterable {
    /// The greeting, EHLO, STARTTLS or AUTH: before any message.
    case connection
    /// MAIL FROM: the envelope sender.
    case mailFrom
    /// RCPT TO: the reader's address.
    case rcptTo
    /// The DATA command, before the message is sent.
    case data
    /// The reply to the final dot: the server's verdict on the whole message.
    case endOfData
    /// Not known (libcurl said too little).
    case unknown

    /// The stage libcurl's error text names (`MAIL failed: 530`, `RCPT failed: 550`,
    /// `DATA failed: 554`, libcurl 7.x and 8.x alike), or the end of DATA when the whole
    /// message had been handed over.
    public static func from(curlError text: String, handedOver: Bool) -> SMTPStage {
        if handedOver { return .endOfData }
        if text.hasPrefix("MAIL failed") { return .mailFrom }
        if text.hasPrefix("RCPT failed") { return .rcptTo }
        if text.hasPrefix("DATA failed") { return .data }
        if text.hasPrefix("Got unexpected smtp-server response") || text.hasPrefix("Remote access denied")
            || text.hasPrefix("Authentication failed")
        {
            return .connection
        }
        return .unknown
    }

    /// The reply's name in a message to the editor: "the reply to MAIL FROM".
    public var replyName: String {
        switch self {
        case .connection: "the reply on connecting"
        case .mailFrom: "the reply to MAIL FROM"
        case .rcptTo: "the reply to RCPT TO"
        case .data: "the reply to DATA"
        case .endOfData: "the reply to the whole message"
        case .unknown: "the reply"
        }
    }
}
