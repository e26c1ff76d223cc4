/// Quoted-printable (RFC 2045 §6.7) for UTF-8 bodies with CRLF line breaks.
enum QuotedPrintable {
    /// Encodes `text` (lines separated by LF, CRLF or CR); output lines end in CRLF and are at
    /// most 76 characters, soft breaks included.
    static func encode(_ text: String) -> String {
        var output: [UInt8] = []
        append(text, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Appends the encoding of `text` to `output`, a byte at a time: what a send does for
    /// every copy, so it allocates nothing but the output's growth.
    static func append(_ text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            let count = bytes.count
            var column = 0
            var index = 0
            while index < count {
                let byte = bytes[index]
                if byte == 13 || byte == 10 {
                    // CRLF, a lone LF or a lone CR: one hard line break.
                    if byte == 13 && index + 1 < count && bytes[index + 1] == 10 { index += 1 }
                    output.append(13)
                    output.append(10)
                    column = 0
                    index += 1
                    continue
                }
                let next = index + 1 < count ? bytes[index + 1] : 10
                let endsLine = next == 10 || next == 13
                let literal = (byte >= 33 && byte <= 126 && byte != 61) || ((byte == 32 || byte == 9) && !endsLine)
                let width = literal ? 1 : 3
                // Never split an encoded character; keep room for the "=" of a soft break,
                // unless this is the line's last character and fits without one.
                if column + width > (endsLine ? 76 : 75) {
                    output.append(61)
                    output.append(13)
                    output.append(10)
                    column = 0
                }
                if literal {
                    output.append(byte)
                } else {
                    output.append(61)
                    output.append(hexDigits[Int(byte >> 4)])
                    output.append(hexDigits[Int(byte & 0x0F)])
                }
                column += width
                index += 1
            }
        }
    }
}
