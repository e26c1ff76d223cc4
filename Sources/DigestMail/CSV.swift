/// RFC 4180 CSV: fields separated by commas, quoted with `"` when they hold commas, quotes
/// or line breaks, a quote inside a quoted field written twice.
enum CSV {
    struct Row {
        /// The line the row starts on, counting from 1.
        var line: Int
        var fields: [String]
        /// Why the row cannot be read, such as an unclosed quote.
        var error: String?
    }

    /// Every row of `text`.
    static func rows(_ text: String) -> [Row] {
        var text = text
        return text.withUTF8 { rows($0) }
    }

    /// Every row of a file's bytes: a row with bytes that are not UTF-8 is read with an error.
    static func rows(_ bytes: [UInt8]) -> [Row] {
        bytes.withUnsafeBufferPointer { rows($0) }
    }

    private static func rows(_ bytes: UnsafeBufferPointer<UInt8>) -> [Row] {
        var rows: [Row] = []
        var reader = Reader()
        reader.consume(bytes) { rows.append($0) }
        reader.finish { rows.append($0) }
        return rows
    }

    /// Reads CSV a block of bytes at a time, so a list of any length costs one row of memory.
    /// A block may end anywhere, even between the two bytes of a CRLF or a doubled quote.
    struct Reader {
        private enum State {
            case fieldStart
            case unquoted
            case quoted
            /// A `"` inside quotes: a doubled quote if another follows, the closing one if not.
            case quoteInQuoted
            case afterClosingQuote
        }

        private var state = State.fieldStart
        private var fields: [String] = []
        private var field: [UInt8] = []
        private var line = 1
        private var rowLine = 1
        private var error: String?
        private var started = false
        private var bomBytes = 0
        /// A CR outside quotes, waiting to see whether an LF follows.
        private var pendingCR = false

        mutating func consume(_ bytes: UnsafeBufferPointer<UInt8>, _ emit: (Row) throws -> Void) rethrows {
            var index = bytes.startIndex
            while index < bytes.endIndex {
                // Most of a list is plain text in unquoted fields: a run of bytes that are
                // neither a comma, a quote nor a line break goes into the field at once.
                if started, !pendingCR, state == .fieldStart || state == .unquoted {
                    var end = index
                    while end < bytes.endIndex, !Self.endsPlainText(bytes[end]) { end += 1 }
                    if end > index {
                        state = .unquoted
                        field.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<end]))
                        index = end
                        continue
                    }
                }
                try consume(bytes[index], emit)
                index += 1
            }
        }

        /// A byte the state machine must see: `,`, `"`, CR or LF.
        private static func endsPlainText(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 13 || byte == 10
        }

        private mutating func consume(_ byte: UInt8, _ emit: (Row) throws -> Void) rethrows {
            if !started {
                // Skip a UTF-8 byte order mark (EF BB BF) at the very start.
                let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
                if byte == bom[bomBytes] {
                    bomBytes += 1
                    if bomBytes == 3 { started = true }
                    return
                }
                started = true
                for earlier in bom.prefix(bomBytes) { try consume(earlier, emit) }
            }
            if pendingCR {
                pendingCR = false
                if byte == UInt8(ascii: "\n") {
                    try endRow(emit)
                    return
                }
                // A lone CR is kept as a character of the field.
                appendUnquoted(UInt8(ascii: "\r"))
            }
            switch state {
            case .quoted:
                if byte == UInt8(ascii: "\"") {
                    state = .quoteInQuoted
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    field.append(byte)
                }
            case .quoteInQuoted:
                if byte == UInt8(ascii: "\"") {
                    field.append(byte)
                    state = .quoted
                } else {
                    state = .afterClosingQuote
                    try consume(byte, emit)
                }
            case .fieldStart, .unquoted, .afterClosingQuote:
                switch byte {
                case UInt8(ascii: "\"") where state == .fieldStart:
                    state = .quoted
                case UInt8(ascii: ","):
                    endField()
                case UInt8(ascii: "\r"):
                    pendingCR = true
                case UInt8(ascii: "\n"):
                    try endRow(emit)
                default:
                    appendUnquoted(byte)
                }
            }
        }

        private mutating func appendUnquoted(_ byte: UInt8) {
            if state == .afterClosingQuote { error = "text after a closing quote; put the whole field in quotes" }
            if state == .fieldStart { state = .unquoted }
            field.append(byte)
        }

        private mutating func endField() {
            if let text = String(validating: field, as: UTF8.self) {
                fields.append(text)
            } else {
                // Read as it would be shown (U+FFFD for each bad byte), and refused: a name
                // in Latin-1 would otherwise be mailed and kept as "Jos� M�ller".
                fields.append(String(decoding: field, as: UTF8.self))
                if error == nil {
                    error =
                        "the row is not UTF-8 text (a byte of another encoding, such as Latin-1 or Windows-1252); save the file as UTF-8 (\"CSV UTF-8\" in a spreadsheet)"
                }
            }
            field.removeAll(keepingCapacity: true)
            state = .fieldStart
        }

        private mutating func endRow(_ emit: (Row) throws -> Void) rethrows {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty && error == nil) {
                try emit(Row(line: rowLine, fields: fields, error: error))
            }
            fields.removeAll(keepingCapacity: true)
            error = nil
            line += 1
            rowLine = line
        }

        /// Ends the input: a last row without a line break, or an unclosed quote.
        mutating func finish(_ emit: (Row) throws -> Void) rethrows {
            if !started && bomBytes > 0 {
                started = true
                for earlier in [UInt8](arrayLiteral: 0xEF, 0xBB, 0xBF).prefix(bomBytes) { try consume(earlier, emit) }
            }
            if pendingCR {
                pendingCR = false
                appendUnquoted(UInt8(ascii: "\r"))
            }
            if state == .quoteInQuoted { state = .afterClosingQuote }
            if state == .quoted { error = "a quoted field is never closed; add the closing \"" }
            if !field.isEmpty || !fields.isEmpty || error != nil || state == .afterClosingQuote {
                endField()
                try emit(Row(line: rowLine, fields: fields, error: error))
                fields = []
            }
        }
    }

    /// A field as written to the file.
    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || field.hasPrefix(" ") || field.hasSuffix(" ")
        else {
            return field
        }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
