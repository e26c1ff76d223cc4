/// RFC 6376 §3.4's "relaxed" canonicalisation of headers and bodies, the form a DKIM
/// signature covers: what mail servers on the way commonly rewrite (folding, runs of
/// spaces, trailing blank lines, header name case) does not break it.
public enum DKIMCanonicalization {
    /// `name:value\r\n` (§3.4.2): the name lowercased, the value unfolded, every run of
    /// spaces and tabs one space, none at either end of the value nor around the colon.
    ///
    /// - Parameter field: the whole header field as it stands in the message, folds
    ///   included, without its final CRLF.
    public static func relaxedHeader<Field: Collection<UInt8>>(_ field: Field) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(field.count + 2)
        guard let colon = field.firstIndex(of: UInt8(ascii: ":")) else { return output }
        for byte in field[..<colon] where !isWhitespace(byte) && byte != cr && byte != lf {
            output.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte)
        }
        output.append(UInt8(ascii: ":"))
        // Unfolding removes CR and LF; each run of whitespace (folds included) becomes one
        // space, written only when something follows it, so none is left at either end.
        var pendingSpace = false
        var started = false
        for byte in field[field.index(after: colon)...] {
            if byte == cr || byte == lf { continue }
            if isWhitespace(byte) {
                pendingSpace = started
                continue
            }
            if pendingSpace { output.append(space) }
            pendingSpace = false
            started = true
            output.append(byte)
        }
        output.append(cr)
        output.append(lf)
        return output
    }

    /// The body as §3.4.4 has it: each run of spaces and tabs one space, none at the end
    /// of a line, no empty lines at the end, and a body that is not empty ending in CRLF.
    /// Lines end at CRLF; a lone CR or LF is an ordinary character.
    public static func relaxedBody<Body: Collection<UInt8>>(_ body: Body) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(body.count)
        // Empty lines are held back until a line with something on it follows: those at
        // the very end are dropped.
        var heldEmptyLines = 0
        var line: [UInt8] = []
        line.reserveCapacity(1024)
        var pendingSpace = false
        var previousCR = false
        func endLine() {
            if line.isEmpty {
                heldEmptyLines += 1
            } else {
                for _ in 0..<heldEmptyLines { output += [cr, lf] }
                heldEmptyLines = 0
                output += line
                output += [cr, lf]
                line.removeAll(keepingCapacity: true)
            }
            pendingSpace = false
        }
        for byte in body {
            if previousCR {
                previousCR = false
                if byte == lf {
                    endLine()
                    continue
                }
                // The CR was an ordinary character.
                if pendingSpace { line.append(space) }
                pendingSpace = false
                line.append(cr)
            }
            if byte == cr {
                previousCR = true
            } else if isWhitespace(byte) {
                pendingSpace = true
            } else {
                if pendingSpace { line.append(space) }
                pendingSpace = false
                line.append(byte)
            }
        }
        if previousCR {
            if pendingSpace { line.append(space) }
            line.append(cr)
        }
        // A last line without its CRLF counts as a line of its own.
        if !line.isEmpty { endLine() }
        return output
    }

    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")
    private static let space = UInt8(ascii: " ")

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }
}
