import Foundation

/// The JSON of SES API v2 requests, written directly: one SendEmail body per message, so
/// its cost counts; base64 has nothing to escape, and the two addresses are escaped here.
public enum SESRequestBody {
    public static let sendEmailPath = "/v2/email/outbound-emails"
    public static let getAccountPath = "/v2/email/account"

    /// `{"FromEmailAddress":…,"Destination":{"ToAddresses":[…]},"Content":{"Raw":{"Data":…}}}`:
    /// one reader, and the message byte for byte as base64, so each reader keeps their own
    /// headers (`List-Unsubscribe`) and the DKIM signature stays valid.
    public static func sendEmail(from sender: String, to recipient: String, raw message: [UInt8]) -> [UInt8] {
        let head = sendEmailHead(from: sender, to: recipient)
        let count = sendEmailLength(head: head, raw: message.count)
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            writeSendEmail(head: head, raw: message, into: buffer.baseAddress!)
            initialized = count
        }
    }

    /// The SendEmail body up to the message's base64: the sender and the reader.
    static func sendEmailHead(from sender: String, to recipient: String) -> [UInt8] {
        var head: [UInt8] = []
        head.reserveCapacity(sender.utf8.count + recipient.utf8.count + 80)
        head += #"{"FromEmailAddress":"#.utf8
        appendString(sender, to: &head)
        head += #","Destination":{"ToAddresses":["#.utf8
        appendString(recipient, to: &head)
        head += #"]},"Content":{"Raw":{"Data":""#.utf8
        return head
    }

    static let sendEmailTail = Array(#""}}}"#.utf8)

    /// The length of the SendEmail body that starts with `head` and holds `count` bytes of message.
    static func sendEmailLength(head: [UInt8], raw count: Int) -> Int {
        head.count + Base64.length(of: count) + sendEmailTail.count
    }

    /// Writes the SendEmail body at `output`, which has room for ``sendEmailLength(head:raw:)``
    /// bytes: the whole body in one buffer, with no copy of the message on the way.
    static func writeSendEmail(head: [UInt8], raw message: [UInt8], into output: UnsafeMutablePointer<UInt8>) {
        var position = output
        head.withUnsafeBufferPointer { position.initialize(from: $0.baseAddress!, count: $0.count) }
        position += head.count
        message.withUnsafeBytes { Base64.encode($0, into: position) }
        position += Base64.length(of: message.count)
        sendEmailTail.withUnsafeBufferPointer { position.initialize(from: $0.baseAddress!, count: $0.count) }
    }

    /// `text` as a JSON string, quotes included (RFC 8259 §7).
    static func appendString(_ text: String, to body: inout [UInt8]) {
        body.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                body += [UInt8(ascii: "\\"), byte]
            case 0..<0x20, 0x7F:
                body += Array(String(format: "\\u%04x", Int(byte)).utf8)
            default:
                body.append(byte)
            }
        }
        body.append(UInt8(ascii: "\""))
    }
}
