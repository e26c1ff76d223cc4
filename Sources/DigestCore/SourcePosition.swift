/// A place in a source file: a 1-based line and a 1-based column.
///
/// The column counts Unicode scalars (characters as most editors count them for text in
/// the Basic Multilingual Plane), not bytes: the curly quote `“` is one column.
public struct SourcePosition: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    public var description: String { "\(line):\(column)" }

    /// The position `count` columns further along the same line.
    public func advanced(by count: Int) -> SourcePosition {
        SourcePosition(line: line, column: column + count)
    }
}

/// A half-open span of a source file: `start` is the first character, `end` the one after the last.
public struct SourceRange: Hashable, Sendable, CustomStringConvertible {
    public var start: SourcePosition
    public var end: SourcePosition

    public init(start: SourcePosition, end: SourcePosition) {
        self.start = start
        self.end = end
    }

    /// A range covering `length` columns of one line, starting at `start`.
    public init(start: SourcePosition, length: Int) {
        self.start = start
        self.end = start.advanced(by: max(length, 0))
    }

    public var description: String { "\(start)-\(end)" }
}
