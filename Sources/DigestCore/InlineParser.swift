/// Reads the links and emphasis in a paragraph.
///
/// The markup is a small, predictable subset of Markdown:
/// - `*emphasis*` and `**strong**`; an asterisk with a space after it (`2 * 3`) is just an asterisk;
/// - `[label](https://example.org)` links, to `https://`, `http://` or `mailto:` only;
/// - a bracket that is not followed by `(` is just a bracket (`[sic]`);
/// - a backslash before `\ * [ ] ( )` writes that character literally.
///
/// Every step moves forward or looks up a precomputed table, so a 10 MB paragraph of
/// asterisks and brackets parses in linear time.
public enum InlineParser {
    /// The inlines of a paragraph and the problems found in its markup.
    public struct Result: Sendable {
        public var inlines: [Inline]
        public var problems: [Problem]
        /// The offsets of markup characters (delimiters, escapes, link addresses): what a
        /// reader does not see as text.
        public var markup: [Range<Int>]
    }

    /// A markup problem at an offset (in Unicode scalars) of the paragraph's text.
    public struct Problem: Equatable, Sendable {
        public var offset: Int
        public var length: Int
        public var message: String
    }

    public static func parse(_ paragraph: Paragraph) -> Result {
        parse(paragraph.text)
    }

    public static func parse(_ text: String) -> Result {
        parse(Array(text.unicodeScalars), buildingInlines: true)
    }

    /// Where the markup characters are, without building the inlines: what lint rules need
    /// to skip markup, at a fraction of the cost.
    public static func markup(of scalars: [Unicode.Scalar]) -> [Range<Int>] {
        guard scalars.contains(where: startsMarkup) else { return [] }
        return parse(scalars, buildingInlines: false).markup
    }

    /// The problems with the paragraph's markup.
    public static func problems(in paragraph: Paragraph) -> [Problem] {
        // The bytes are read from each line's buffer: walking a UTF8View a byte at a time is several times slower.
        let hasMarkup = paragraph.lines.contains { line in
            line.text.utf8.withContiguousStorageIfAvailable { $0.contains(where: startsMarkup) }
                ?? line.text.utf8.contains(where: startsMarkup)
        }
        guard hasMarkup else { return [] }
        return parse(paragraph).problems
    }

    /// Whether a character can start markup: emphasis, a link or an escape. Most paragraphs
    /// have none, and then no markup and no problems with it, so they are not parsed at all.
    static func startsMarkup(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "*" || scalar == "[" || scalar == "\\"
    }

    /// `scalar.properties.isWhitespace`, answered without the property tables for ASCII
    /// (tab to carriage return, and the space), which is nearly all issue text: an address
    /// is read to its first space one character at a time, and the table look-up was most
    /// of the time spent on a paragraph of many links.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar.value == 0x20 || (scalar.value >= 0x09 && scalar.value <= 0x0D) }
        return scalar.properties.isWhitespace
    }

    static func startsMarkup(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "*") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "\\")
    }

    static func parse(_ scalars: [Unicode.Scalar], buildingInlines: Bool) -> Result {
        var scanner = Scanner(scalars: scalars)
        scanner.buildsInlines = buildingInlines
        let inlines = scanner.parse(from: 0, to: scanner.scalars.count)
        return Result(inlines: inlines, problems: scanner.problems, markup: scanner.markup)
    }

    static let escapable: Set<Unicode.Scalar> = ["\\", "*", "[", "]", "(", ")"]

    private struct Scanner {
        let scalars: [Unicode.Scalar]
        /// Positions of `*` that can close emphasis (a non-space before, not escaped, not part of `**`).
        let singleClosers: [Int]
        /// Positions of `**` that can close strong emphasis.
        let doubleClosers: [Int]
        var problems: [Problem] = []
        var markup: [Range<Int>] = []
        /// When false, only the markup and the problems are collected.
        var buildsInlines = true
        /// Where long link addresses end, made the first time one is longer than ``longestScannedAddress``.
        var addresses = AddressEnds()

        /// How far an address is read a character at a time.
        static let longestScannedAddress = 512

        init(scalars: [Unicode.Scalar]) {
            self.scalars = scalars
            var singles: [Int] = []
            var doubles: [Int] = []
            var position = 0
            while position < scalars.count {
                let scalar = scalars[position]
                if scalar == "\\", position + 1 < scalars.count, InlineParser.escapable.contains(scalars[position + 1]) {
                    position += 2
                    continue
                }
                if scalar == "*" {
                    var run = 1
                    while position + run < scalars.count, scalars[position + run] == "*" { run += 1 }
                    let closable = position > 0 && !InlineParser.isWhitespace(scalars[position - 1])
                    if closable {
                        if run == 1 { singles.append(position) }
                        if run >= 2 { doubles.append(position) }
                    }
                    position += run
                    continue
                }
                position += 1
            }
            singleClosers = singles
            doubleClosers = doubles
        }

        /// Parses `scalars[start..<end]`.
        mutating func parse(from start: Int, to end: Int) -> [Inline] {
            var result: [Inline] = []
            // An array, not a String.UnicodeScalarView: appending to the view copies it, which
            // made a paragraph of many literal asterisks quadratic.
            var pending: [Unicode.Scalar] = []
            let buildsInlines = buildsInlines
            func flush() {
                if buildsInlines, !pending.isEmpty {
                    result.append(.text(String(unicodeScalars: pending)))
                    pending.removeAll(keepingCapacity: true)
                }
            }
            var index = start
            while index < end {
                let scalar = scalars[index]
                switch scalar {
                case "\\" where index + 1 < end && InlineParser.escapable.contains(scalars[index + 1]):
                    pending.append(scalars[index + 1])
                    markup.append(index..<index + 1)
                    index += 2
                case "*":
                    var run = 1
                    while index + run < end, scalars[index + run] == "*" { run += 1 }
                    let delimiter = min(run, 2)
                    let opens = index + run < end && !InlineParser.isWhitespace(scalars[index + run]) && run <= 2
                    guard opens else {
                        pending.append(contentsOf: repeatElement("*" as Unicode.Scalar, count: run))
                        index += run
                        continue
                    }
                    let contentStart = index + delimiter
                    guard let close = closer(length: delimiter, after: contentStart, before: end) else {
                        problems.append(
                            Problem(
                                offset: index, length: delimiter,
                                message: delimiter == 2
                                    ? "strong emphasis opened here is never closed; close it with \"**\" or write \"\\*\\*\" for literal asterisks"
                                    : "emphasis opened here is never closed; close it with \"*\" or write \"\\*\" for a literal asterisk"))
                        pending.append(contentsOf: repeatElement("*" as Unicode.Scalar, count: delimiter))
                        index += delimiter
                        continue
                    }
                    flush()
                    markup.append(index..<contentStart)
                    markup.append(close..<close + delimiter)
                    let children = parse(from: contentStart, to: close)
                    result.append(delimiter == 2 ? .strong(children) : .emphasis(children))
                    index = close + delimiter
                case "[":
                    if let (link, next) = parseLink(at: index, end: end) {
                        flush()
                        result.append(link)
                        index = next
                    } else {
                        pending.append(scalar)
                        index += 1
                    }
                default:
                    pending.append(scalar)
                    index += 1
                }
            }
            flush()
            return result
        }

        /// The first closing delimiter of `length` asterisks with content before it, inside the bounds.
        func closer(length: Int, after contentStart: Int, before end: Int) -> Int? {
            let candidates = length == 2 ? doubleClosers : singleClosers
            let low = candidates.partitionPoint { $0 > contentStart }
            guard low < candidates.count, candidates[low] + length <= end else { return nil }
            return candidates[low]
        }

        /// `[label](destination)` at `open`, with the index after it; `nil` when the bracket is just a bracket.
        mutating func parseLink(at open: Int, end: Int) -> (Inline, Int)? {
            var position = open + 1
            while position < end, scalars[position] != "]" {
                if scalars[position] == "[" { return nil }
                if scalars[position] == "\\" { position += 1 }
                position += 1
            }
            guard position + 1 < end, scalars[position + 1] == "(" else { return nil }
            let closeBracket = position
            let destinationStart = closeBracket + 2
            var depth = 0
            var destinationEnd = destinationStart
            while destinationEnd < end, !InlineParser.isWhitespace(scalars[destinationEnd]) {
                if scalars[destinationEnd] == "(" { depth += 1 }
                if scalars[destinationEnd] == ")" {
                    if depth == 0 { break }
                    depth -= 1
                }
                destinationEnd += 1
                // An address runs to the next space: in a long run of text without one, each
                // "](" would read to its end, so past this length the table answers instead.
                if destinationEnd - destinationStart == Self.longestScannedAddress {
                    destinationEnd = addresses.end(from: destinationStart, before: end, in: scalars)
                    break
                }
            }
            guard destinationEnd < end, scalars[destinationEnd] == ")" else {
                problems.append(
                    Problem(
                        offset: closeBracket + 1, length: 1,
                        message: "the link's address is never closed; end it with \")\" (an address has no spaces)"))
                return nil
            }
            let destination = String(unicodeScalars: scalars[destinationStart..<destinationEnd])
            markup.append(open..<open + 1)
            markup.append(closeBracket..<destinationEnd + 1)
            let label = parse(from: open + 1, to: closeBracket)
            let next = destinationEnd + 1
            if label.isEmpty {
                problems.append(
                    Problem(
                        offset: open, length: next - open,
                        message: "the link has no text; write the words to click between \"[\" and \"]\""))
            }
            if let problem = Self.problem(withDestination: destination) {
                problems.append(Problem(offset: destinationStart, length: max(destinationEnd - destinationStart, 1), message: problem))
                return (.text(Inline.plainText(of: label)), next)
            }
            return (.link(label: label, destination: destination), next)
        }

        static func problem(withDestination destination: String) -> String? {
            if destination.isEmpty {
                return "the link has no address; write it between \"(\" and \")\""
            }
            let lowered = destination.lowercased()
            guard Inline.allowedLinkSchemes.contains(where: lowered.hasPrefix) else {
                return "the link's address must start with https://, http:// or mailto:"
            }
            if Inline.allowedLinkSchemes.contains(lowered) {
                return "the link's address is only a scheme; write the whole address"
            }
            return nil
        }
    }
}
