import Foundation

/// What SES answered one request: the HTTP status, the error type (from the
/// `x-amzn-ErrorType` header, or `__type`, `code` or `Code` in the body), its message, the
/// `MessageId` of a sent message, and `Retry-After`. Bodies are JSON (SES API v2) or, from
/// some emulators and proxies, the XML of the older API: both are read.
public struct SESReply: Equatable, Sendable {
    public var status: Int
    public var errorType: String?
    public var message: String?
    public var messageID: String?
    /// Seconds to wait before trying again, when the server said.
    public var retryAfter: Double?

    public init(status: Int, errorType: String? = nil, message: String? = nil, messageID: String? = nil, retryAfter: Double? = nil) {
        self.status = status
        self.errorType = errorType
        self.message = message
        self.messageID = messageID
        self.retryAfter = retryAfter
    }

    /// - Parameters:
    ///   - errorHeader: the `x-amzn-ErrorType` header's value, if any.
    ///   - retryAfterHeader: the `Retry-After` header's value, if any: seconds (an HTTP date is not waited for).
    public init(status: Int, errorHeader: String?, retryAfterHeader: String?, body: [UInt8]) {
        self.init(status: status)
        retryAfter = retryAfterHeader.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }.map { max(0, $0) }
        // "MessageRejected:http://internal.amazon.com/coral/com.amazonaws…/"
        errorType = errorHeader.flatMap { Self.shortType(String($0.split(separator: ":", maxSplits: 1).first ?? "")) }
        if let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] {
            messageID = object["MessageId"] as? String
            if errorType == nil {
                errorType = ["__type", "code", "Code"].lazy.compactMap { object[$0] as? String }.first.flatMap(Self.shortType)
            }
            message = ["message", "Message"].lazy.compactMap { object[$0] as? String }.first
        } else if let text = String(validating: body, as: UTF8.self) {
            if errorType == nil { errorType = Self.element("Code", in: text).flatMap(Self.shortType) }
            message = Self.element("Message", in: text)
            messageID = messageID ?? Self.element("MessageId", in: text)
        }
        message = message.map(Self.printable)
        messageID = messageID.map(Self.printable)
    }

    /// `com.amazonaws.sesv2#TooManyRequestsException` → `TooManyRequestsException`.
    static func shortType(_ text: String) -> String? {
        let short = text.split(separator: "#").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        return short.isEmpty ? nil : printable(short)
    }

    /// The text of the first `<name>…</name>` in `text`.
    static func element(_ name: String, in text: String) -> String? {
        guard let open = text.range(of: "<\(name)>"), let close = text.range(of: "</\(name)>", range: open.upperBound..<text.endIndex)
        else { return nil }
        return String(text[open.upperBound..<close.lowerBound])
    }

    /// The server's words made safe to print and journal: one line, at most 300 characters.
    static func printable(_ text: String) -> String {
        let line = String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
        return line.count > 300 ? String(line.prefix(300)) + "…" : line
    }

    /// The reply as reports and the journal give it: `HTTP 400 MessageRejected: Email address is not verified.`
    public var text: String {
        var words = "HTTP \(status)"
        if let errorType { words += " \(errorType)" }
        if let message, !message.isEmpty { words += ": \(message)" }
        return words
    }
}
