import Foundation

/// Header values: RFC 2047 encoded-words for non-ASCII text, and display names quoted.
enum HeaderEncoding {
    /// `text` as is when it is printable ASCII, otherwise as `=?UTF-8?B?…?=` encoded-words of at
    /// most 75 characters each, split between whole characters and folded with CRLF SPACE.
    static func encodeWords(_ text: String) -> String {
        if text.utf8.allSatisfy(isPrintableASCII) { return text }
        var words: [String] = []
        var chunk: [UInt8] = []
        // 75 - "=?UTF-8?B?".count - "?=".count = 63 base64 characters: 45 bytes at most.
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45 {
                words.append(word(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append(word(chunk)) }
        return words.joined(separator: "\r\n ")
    }

    /// Foundation's base64: a word holds 45 bytes at most, where the table encoder's speed
    /// does not count.
    static func word(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?\(Data(bytes).base64EncodedString())?="
    }

    static func isPrintableASCII(_ byte: UInt8) -> Bool { byte >= 0x20 && byte < 0x7F }

    static let atextSymbols = Set("!#$%&'*+-/=?^_`{|}~".utf8)

    /// `Name <address>`, with the name quoted or encoded as needed.
    static func mailbox(name: String, address: String) -> String {
        guard !name.isEmpty else { return address }
        if name.utf8.allSatisfy(isPrintableASCII) {
            // Letters, digits, spaces and atext's symbols (RFC 5322) need no quotes.
            let atext = name.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                    UInt8(ascii: " "):
                    true
                default: Self.atextSymbols.contains(byte)
                }
            }
            let display =
                atext ? name : "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
            return "\(display) <\(address)>"
        }
        return "\(encodeWords(name)) <\(address)>"
    }
}
