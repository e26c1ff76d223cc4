/// Text that may wrap over several source lines, with comment lines between them.
///
/// The lines are joined with single spaces: `text` is what the paragraph says, and
/// ``position(atOffset:)`` maps an offset in `text` back to the file.
public struct Paragraph: Equatable, Sendable {
    /// One source line of the paragraph, or a comment line inside it.
    public enum Piece: Equatable, Sendable {
        case line(TextLine)
        case comment(Comment)
    }

    public var pieces: [Piece]

    public init(pieces: [Piece]) {
        self.pieces = pieces
    }

    /// A paragraph of plain lines.
    public init(lines: [TextLine]) {
        self.pieces = lines.map(Piece.line)
    }

    /// The text lines, without the comments.
    public var lines: [TextLine] {
        pieces.compactMap { if case .line(let line) = $0 { line } else { nil } }
    }

    /// The lines joined with single spaces.
    public var text: String {
        lines.map(\.text).joined(separator: " ")
    }

    /// From the first character of the first line to the end of the last.
    public var range: SourceRange {
        let lines = lines
        guard let first = lines.first, let last = lines.last else {
            return SourceRange(start: SourcePosition(line: 1, column: 1), length: 0)
        }
        return SourceRange(start: first.location.range.start, end: last.location.range.end)
    }

    /// Where the character at `offset` in ``text`` (counted in Unicode scalars) was written.
    ///
    /// An offset at a joining space maps to the end of the line before it; an offset past
    /// the end maps to the end of the last line.
    public func position(atOffset offset: Int) -> SourcePosition {
        var lineStart = 0
        let lines = lines
        for (index, line) in lines.enumerated() {
            let length = line.text.unicodeScalars.count
            if offset <= lineStart + length || index == lines.count - 1 {
                return line.location.range.start.advanced(by: min(max(offset - lineStart, 0), length))
            }
            lineStart += length + 1
        }
        return SourcePosition(line: 1, column: 1)
    }

    /// The source range of `length` scalars of ``text`` from `offset`.
    public func range(atOffset offset: Int, length: Int) -> SourceRange {
        SourceRange(start: position(atOffset: offset), end: position(atOffset: offset + length))
    }

    /// A table for mapping many offsets of a long paragraph, each in logarithmic time.
    public var positionMap: PositionMap { PositionMap(self) }
}

/// Maps offsets in a paragraph's text to source positions by binary search over its lines.
public struct PositionMap: Sendable {
    let starts: [Int]
    let lengths: [Int]
    let positions: [SourcePosition]

    init(_ paragraph: Paragraph) {
        var starts: [Int] = []
        var lengths: [Int] = []
        var positions: [SourcePosition] = []
        var offset = 0
        for line in paragraph.lines {
            let length = line.text.unicodeScalars.count
            starts.append(offset)
            lengths.append(length)
            positions.append(line.location.range.start)
            offset += length + 1
        }
        self.starts = starts
        self.lengths = lengths
        self.positions = positions
    }

    /// The same answer as ``Paragraph/position(atOffset:)``.
    public func position(atOffset offset: Int) -> SourcePosition {
        guard !starts.isEmpty else { return SourcePosition(line: 1, column: 1) }
        // The first line whose end (start + length) is at or after the offset.
        let low = (0..<starts.count - 1).partitionPoint { offset <= starts[$0] + lengths[$0] }
        return positions[low].advanced(by: min(max(offset - starts[low], 0), lengths[low]))
    }

    public func range(atOffset offset: Int, length: Int) -> SourceRange {
        SourceRange(start: position(atOffset: offset), end: position(atOffset: offset + length))
    }
}

/// One line of text with where its first character was written.
public struct TextLine: Equatable, Sendable {
    public var text: String
    public var location: NodeLocation
    /// A lint directive at the end of the line (`# digest-lint: disable-line spelling`),
    /// which is not part of the text.
    public var directive: Comment?

    public init(text: String, location: NodeLocation, directive: Comment? = nil) {
        self.text = text
        self.location = location
        self.directive = directive
    }

    /// A line starting at `start`, whose range covers its text.
    public init(text: String, start: SourcePosition, directive: Comment? = nil) {
        self.init(
            text: text, location: NodeLocation(SourceRange(start: start, length: text.unicodeScalars.count)), directive: directive)
    }

    /// What starts a lint directive, in a comment line or at the end of a text line.
    public static let directiveMarker = "# digest-lint:"

    /// Splits a trailing ` # digest-lint: …` directive off a line of text starting at `start`.
    public static func splittingDirective(_ content: Substring, start: SourcePosition) -> TextLine {
        let marker = " " + directiveMarker
        // Most lines have no "#" at all; only those are searched. The bytes are read from the
        // string's buffer: walking a UTF8View a byte at a time is several times slower.
        let hasHash =
            content.utf8.withContiguousStorageIfAvailable { $0.contains(UInt8(ascii: "#")) } ?? content.utf8.contains(UInt8(ascii: "#"))
        guard hasHash, let found = content.range(of: marker) else {
            return TextLine(text: String(content), start: start)
        }
        var textEnd = found.lowerBound
        while textEnd > content.startIndex, content[content.index(before: textEnd)] == " " {
            textEnd = content.index(before: textEnd)
        }
        let directiveStart = content.index(after: found.lowerBound)
        let text = content[..<textEnd]
        let directiveText = content[directiveStart...]
        let column = start.column + content.unicodeScalars.distance(from: content.startIndex, to: directiveStart)
        let directive = Comment(
            text: String(directiveText),
            location: NodeLocation(
                SourceRange(start: SourcePosition(line: start.line, column: column), length: directiveText.unicodeScalars.count)))
        return TextLine(text: String(text), start: start, directive: directive)
    }

    /// The line as written: the text, then its directive if it has one.
    public var written: String {
        guard let directive else { return text }
        return text.isEmpty ? directive.text : "\(text)  \(directive.text)"
    }
}
