/// The lines of a file, decoded as UTF-8, with what was wrong with its bytes.
///
/// Decoding never fails: invalid bytes become U+FFFD and an error, a byte-order mark and
/// CRLF line endings are accepted with a warning, and a file with NUL bytes is recognised
/// as binary and reported once.
public struct SourceText: Sendable {
    /// One decoded line, without its line ending and without trailing spaces or tabs.
    public struct Line: Sendable {
        public var number: Int
        public var text: Substring
    }

    public let path: String
    public private(set) var lines: [Line] = []
    public private(set) var diagnostics: [Diagnostic] = []
    /// Whether the file looked binary; such a file has no lines.
    public private(set) var isBinary = false

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) {
            body = body.dropFirst(3)
            report(
                .warning, "format.encoding", at: SourcePosition(line: 1, column: 1),
                "the file starts with a byte-order mark; save it as UTF-8 without BOM (`digest format` removes it)")
        }
        if body.contains(0) {
            isBinary = true
            let lineNumber = body.prefix { $0 != 0 }.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            report(
                .error, "format.encoding", at: SourcePosition(line: lineNumber, column: 1),
                "the file contains NUL bytes and looks binary; an issue is a UTF-8 text file")
            return
        }
        var sawCRLF = false
        var sawTab = false
        var lineNumber = 0
        for rawLine in body.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            var raw = rawLine
            if raw.last == 0x0D {
                raw = raw.dropLast()
                if !sawCRLF {
                    sawCRLF = true
                    report(
                        .warning, "format.line-ending", at: SourcePosition(line: lineNumber, column: 1),
                        "the file uses CRLF line endings; the canonical form uses LF (`digest format` converts it)")
                }
            }
            var text = decode(raw, lineNumber: lineNumber)
            // Tabs and control characters are ASCII bytes, which never occur inside a
            // multi-byte character: a line without such a byte, nearly every line, needs
            // neither walk over its characters below.
            let hasControlBytes = raw.contains { $0 < 0x20 || $0 == 0x7F }
            if hasControlBytes, let column = Self.column(of: "\t", in: text) {
                if !sawTab {
                    sawTab = true
                    report(
                        .warning, "format.whitespace", at: SourcePosition(line: lineNumber, column: column),
                        "tab character; use spaces (`digest format` replaces each tab with a space)")
                }
                // One tab is one column and becomes one space, so positions stay true.
                text = Substring(String(unicodeScalars: text.unicodeScalars.map { $0 == "\t" ? " " : $0 }))
            }
            if hasControlBytes, let column = Self.firstControlCharacter(in: text) {
                report(
                    .error, "format.encoding", at: SourcePosition(line: lineNumber, column: column),
                    "control character in the text; delete it")
            } else if Self.mayHoldNonText(raw), let (column, scalar) = Self.firstNonText(in: text) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                report(
                    .error, "format.encoding", at: SourcePosition(line: lineNumber, column: column),
                    "\(code) is not text (a C1 control or a noncharacter, which HTML and the Atom feed's XML refuse); delete it")
            }
            lines.append(Line(number: lineNumber, text: Self.trimmingTrailingBlanks(text)))
        }
        // A final newline ends the last line; it does not start another.
        if lines.count > 1, lines.last?.text.isEmpty == true, body.last == 0x0A {
            lines.removeLast()
        }
    }

    private mutating func decode(_ raw: ArraySlice<UInt8>, lineNumber: Int) -> Substring {
        if let valid = String(validating: raw, as: UTF8.self) {
            return Substring(valid)
        }
        var scalars = String.UnicodeScalarView()
        var iterator = raw.makeIterator()
        var decoder = UTF8()
        var firstBadColumn: Int?
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): scalars.append(scalar)
            case .emptyInput: break loop
            case .error:
                if firstBadColumn == nil { firstBadColumn = scalars.count + 1 }
                scalars.append("\u{FFFD}")
            }
        }
        report(
            .error, "format.encoding", at: SourcePosition(line: lineNumber, column: firstBadColumn ?? 1),
            "this line is not valid UTF-8; save the file as UTF-8")
        return Substring(String(scalars))
    }

    private mutating func report(_ severity: Severity, _ rule: String, at position: SourcePosition, _ message: String) {
        diagnostics.append(
            Diagnostic(
                path: path, range: SourceRange(start: position, length: 1), severity: severity, rule: rule, message: message))
    }

    /// The 1-based column of the first `character`, counted in Unicode scalars.
    static func column(of character: Unicode.Scalar, in text: Substring) -> Int? {
        var column = 1
        for scalar in text.unicodeScalars {
            if scalar == character { return column }
            column += 1
        }
        return nil
    }

    static func firstControlCharacter(in text: Substring) -> Int? {
        var column = 1
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 && scalar != "\t" || scalar.value == 0x7F || scalar == "\r" {
                return column
            }
            column += 1
        }
        return nil
    }

    /// Whether `raw` may hold a C1 control (U+0080–U+009F: C2 80–9F in UTF-8) or a
    /// noncharacter (U+FDD0–U+FDEF: EF B7 90–AF; U+FFFE and U+FFFF in each plane: … BF BE
    /// or BF BF): looked for in the bytes, so the many lines with curly quotes and no such
    /// character are not walked a character at a time.
    static func mayHoldNonText(_ raw: ArraySlice<UInt8>) -> Bool {
        var previous: UInt8 = 0
        for byte in raw {
            switch (previous, byte) {
            case (0xC2, 0x80...0x9F), (0xEF, 0xB7), (0xBF, 0xBE...0xBF): return true
            default: previous = byte
            }
        }
        return false
    }

    /// The 1-based column of the first C1 control or noncharacter, and the character.
    static func firstNonText(in text: Substring) -> (Int, Unicode.Scalar)? {
        var column = 1
        for scalar in text.unicodeScalars {
            if (0x80...0x9F).contains(scalar.value) || scalar.properties.isNoncharacterCodePoint { return (column, scalar) }
            column += 1
        }
        return nil
    }

    static func trimmingTrailingBlanks(_ text: Substring) -> Substring {
        var end = text.endIndex
        while end > text.startIndex {
            let before = text.index(before: end)
            guard text[before] == " " || text[before] == "\t" else { break }
            end = before
        }
        return text[..<end]
    }
}
