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
        // Every message's answer: read without Foundation's JSON parser, which cost more
        // than encoding the message. Any other body takes the long way.
        if errorHeader == nil, status >= 200 && status < 300, let id = Self.plainMessageID(body) {
            messageID = id
            return
        }
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

    /// The MessageId of a body that is exactly `{"MessageId":"…"}` (blanks allowed between the
    /// tokens), whose value is printable ASCII with nothing escaped and at most 300 characters,
    /// so that the general reading would give the same; `nil` for any other body.
    static func plainMessageID(_ body: [UInt8]) -> String? {
        body.withUnsafeBufferPointer { bytes -> String? in
            var index = 0
            func skipBlanks() {
                while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D {
                    index += 1
                }
            }
            func take(_ token: StaticString) -> Bool {
                skipBlanks()
                let count = token.utf8CodeUnitCount
                guard index + count <= bytes.count else { return false }
                for offset in 0..<count where bytes[index + offset] != token.utf8Start[offset] { return false }
                index += count
                return true
            }
            guard take("{"), take(#""MessageId""#), take(":"), take(#"""#) else { return nil }
            let start = index
            // Up to the closing quote: a backslash, a control character or a non-ASCII byte
            // stops short of it, and the body takes the long way.
            while index < bytes.count, bytes[index] >= 0x20, bytes[index] < 0x7F, bytes[index] != UInt8(ascii: "\""),
                bytes[index] != UInt8(ascii: "\\")
            {
                index += 1
            }
            let end = index
            guard end - start <= 300, end < bytes.count, bytes[end] == UInt8(ascii: "\""), take(#"""#), take("}") else { return nil }
            skipBlanks()
            guard index == bytes.count else { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
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
