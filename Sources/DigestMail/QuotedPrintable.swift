/// Quoted-printable (RFC 2045 §6.7) for UTF-8 bodies with CRLF line breaks.
enum QuotedPrintable {
    /// Encodes `text` (lines separated by LF or CRLF); output lines end in CRLF and are at most
    /// 76 characters, soft breaks included.
    static func encode(_ text: String) -> String {
        var output = ""
        let lines = text.replacingCRLF().split(separator: "\n", omittingEmptySubsequences: false)
        for (lineIndex, line) in lines.enumerated() {
            var current = ""
            let bytes = Array(line.utf8)
            for (index, byte) in bytes.enumerated() {
                let isLast = index == bytes.count - 1
                var piece: String
                if (byte >= 33 && byte <= 126 && byte != 61) || ((byte == 32 || byte == 9) && !isLast) {
                    piece = String(UnicodeScalar(byte))
                } else {
                    piece = "=" + hex(byte)
                }
                // Never split an encoded character; keep room for the "=" of a soft break.
                if current.count + piece.count > 75 {
                    output += current + "=\r\n"
                    current = ""
                }
                current += piece
            }
            output += current
            if lineIndex < lines.count - 1 { output += "\r\n" }
        }
        return output
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}

extension String {
    /// With every CRLF and lone CR as LF.
    func replacingCRLF() -> String {
        var result = ""
        result.reserveCapacity(utf8.count)
        var previousCR = false
        for scalar in unicodeScalars {
            if scalar == "\r" {
                result.unicodeScalars.append("\n")
                previousCR = true
                continue
            }
            if scalar == "\n" && previousCR {
                previousCR = false
                continue
            }
            previousCR = false
            result.unicodeScalars.append(scalar)
        }
        return result
    }
}
