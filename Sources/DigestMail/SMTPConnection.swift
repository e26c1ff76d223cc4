import CCurl
import Foundation

/// Where and how to reach the SMTP server.
public struct SMTPServer: Sendable {
    /// `smtp://host:port` (STARTTLS) or `smtps://host:port` (TLS from the start).
    public var url: String
    /// Whether STARTTLS may be skipped: only for a loopback server, or when an editor says so.
    public var allowPlaintext: Bool
    public var connectTimeout: Int
    public var responseTimeout: Int

    public init(url: String, allowPlaintext: Bool = false, connectTimeout: Int = 10, responseTimeout: Int = 60) {
        self.url = url
        self.allowPlaintext = allowPlaintext
        self.connectTimeout = connectTimeout
        self.responseTimeout = responseTimeout
    }

    /// Whether the host is this machine (127.0.0.0/8, ::1 or localhost).
    public var isLoopback: Bool {
        guard let host = URLComponents(string: url)?.host else { return false }
        return host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]"
    }
}

/// What an SMTP server said to a message.
public struct SMTPReply: Sendable {
    /// The last reply code, such as 250.
    public var code: Int
}

/// An SMTP failure, with what it means for the send.
public struct SMTPError: Error, Sendable, CustomStringConvertible {
    public var code: Int
    public var curlCode: Int
    public var message: String

    /// 5xx: the server refused this message for good.
    public var isPermanent: Bool { (500...599).contains(code) }

    public var description: String { code > 0 ? "the server replied \(code): \(message)" : message }
}

/// One connection to an SMTP server through libcurl, reused for every message it sends.
public final class SMTPConnection: @unchecked Sendable {
    private let handle: UnsafeMutableRawPointer
    public let server: SMTPServer
    public let sender: String

    private static let globalSetup: Void = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    public init(server: SMTPServer, sender: String) throws(SMTPError) {
        _ = Self.globalSetup
        guard let handle = curl_easy_init() else {
            throw SMTPError(code: 0, curlCode: -1, message: "libcurl could not start a connection")
        }
        self.handle = handle
        self.server = server
        self.sender = sender
    }

    deinit {
        curl_easy_cleanup(handle)
    }

    /// The bytes being uploaded and how far libcurl has read them.
    private final class Upload {
        let bytes: [UInt8]
        var offset = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }
    }

    /// Sends `message` to its one recipient and returns the server's reply code.
    public func send(_ message: OutgoingMessage) throws(SMTPError) -> SMTPReply {
        if message.recipient.unicodeScalars.contains(where: { $0.value < 0x21 || $0 == "<" || $0 == ">" }) {
            throw SMTPError(code: 0, curlCode: -1, message: "the recipient \(message.recipient) is not a plain address")
        }
        let upload = Upload(message.bytes)
        let context = Unmanaged.passUnretained(upload).toOpaque()
        let recipients = curl_slist_append(nil, "<\(message.recipient)>")
        defer { curl_slist_free_all(recipients) }
        try check(CCurl_setopt_string(handle, CURLOPT_URL, server.url))
        try check(CCurl_setopt_string(handle, CURLOPT_MAIL_FROM, "<\(sender)>"))
        try check(CCurl_setopt_slist(handle, CURLOPT_MAIL_RCPT, recipients))
        try check(CCurl_setopt_long(handle, CURLOPT_UPLOAD, 1))
        try check(CCurl_setopt_long(handle, CURLOPT_INFILESIZE_LARGE, Int(message.bytes.count)))
        try check(
            CCurl_setopt_read_function(handle) { buffer, size, count, context in
                guard let buffer, let context else { return 0 }
                let upload = Unmanaged<Upload>.fromOpaque(context).takeUnretainedValue()
                let length = min(size * count, upload.bytes.count - upload.offset)
                upload.bytes.withUnsafeBufferPointer { bytes in
                    buffer.withMemoryRebound(to: UInt8.self, capacity: length) { target in
                        target.update(from: bytes.baseAddress! + upload.offset, count: length)
                    }
                }
                upload.offset += length
                return length
            })
        try check(CCurl_setopt_pointer(handle, CURLOPT_READDATA, context))
        let tls = server.allowPlaintext && server.isLoopback ? CURLUSESSL_TRY : CURLUSESSL_ALL
        try check(CCurl_setopt_long(handle, CURLOPT_USE_SSL, Int(tls.rawValue)))
        try check(CCurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT, server.connectTimeout))
        try check(CCurl_setopt_long(handle, CURLOPT_SERVER_RESPONSE_TIMEOUT, server.responseTimeout))
        try check(CCurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        let result = curl_easy_perform(handle)
        var code = 0
        _ = CCurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
        guard result == CURLE_OK else {
            throw SMTPError(code: code, curlCode: Int(result.rawValue), message: String(cString: curl_easy_strerror(result)))
        }
        return SMTPReply(code: code)
    }

    private func check(_ code: CURLcode) throws(SMTPError) {
        guard code == CURLE_OK else {
            throw SMTPError(code: 0, curlCode: Int(code.rawValue), message: String(cString: curl_easy_strerror(code)))
        }
    }
}
