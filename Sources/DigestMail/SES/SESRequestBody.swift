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
        let data = Data(message).base64EncodedData()
        var body: [UInt8] = []
        body.reserveCapacity(data.count + sender.utf8.count + recipient.utf8.count + 96)
        body += #"{"FromEmailAddress":"#.utf8
        appendString(sender, to: &body)
        body += #","Destination":{"ToAddresses":["#.utf8
        appendString(recipient, to: &body)
        body += #"]},"Content":{"Raw":{"Data":""#.utf8
        body += data
        body += #""}}}"#.utf8
        return body
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
