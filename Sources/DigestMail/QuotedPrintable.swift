import DigestCore

/// Quoted-printable (RFC 2045 §6.7) for UTF-8 bodies with CRLF line breaks.
enum QuotedPrintable {
    /// Encodes `text` (lines separated by LF, CRLF or CR); output lines end in CRLF and are at
    /// most 76 characters, soft breaks included.
    static func encode(_ text: String) -> String {
        var output: [UInt8] = []
        append(text, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends the encoding of `text` to `output`, a byte at a time: what a send does for
    /// every copy, so it allocates nothing but the output's growth.
    static func append(_ text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            // At most 3 bytes per byte, plus a 3-byte soft break per 25 encoded bytes (3.12
            // per byte), or 2 for a lone LF: 4 per byte is always enough. The encoding is
            // written through a pointer into room made once.
            let capacity = bytes.count * 4 + 8
            let encoded = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, written in
                written = encode(bytes, into: buffer.baseAddress!)
            }
            output += encoded
        }
    }

    /// Writes the encoding of `bytes` at `out`; returns how many bytes it wrote.
    private static func encode(_ bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> Int {
        let count = bytes.count
        var written = 0
        var column = 0
        var index = 0
        while index < count {
            let byte = bytes[index]
            if byte == 13 || byte == 10 {
                // CRLF, a lone LF or a lone CR: one hard line break.
                if byte == 13 && index + 1 < count && bytes[index + 1] == 10 { index += 1 }
                out[written] = 13
                out[written + 1] = 10
                written += 2
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
                out[written] = 61
                out[written + 1] = 13
                out[written + 2] = 10
                written += 3
                column = 0
            }
            if literal {
                out[written] = byte
                written += 1
            } else {
                out[written] = 61
                out[written + 1] = HexDigit.uppercase(byte >> 4)
                out[written + 2] = HexDigit.uppercase(byte & 0x0F)
                written += 3
            }
            column += width
            index += 1
        }
        return written
    }
}
