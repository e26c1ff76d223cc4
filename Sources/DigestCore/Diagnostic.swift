/// How much a diagnostic matters: an error stops a commit or a send, a warning does not.
public enum Severity: String, Comparable, Sendable, CaseIterable, Codable {
    case note
    case warning
    case error

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        lhs.rank < rhs.rank
    }

    private var rank: Int {
        switch self {
        case .note: 0
        case .warning: 1
        case .error: 2
        }
    }
}

/// An edit that mends a diagnostic: replace the text in `range` with `replacement`.
public struct Fix: Hashable, Sendable {
    public var range: SourceRange
    public var replacement: String

    public init(range: SourceRange, replacement: String) {
        self.range = range
        self.replacement = replacement
    }
}

/// One problem found in a file, pointing at where it is and saying what to do about it.
///
/// Messages are lowercase sentences without a final period that say what to do:
/// `put a space after "-" to start a headline`.
public struct Diagnostic: Hashable, Sendable {
    /// The file the problem is in, as the editor named it (relative paths stay relative).
    public var path: String
    public var range: SourceRange
    public var severity: Severity
    /// The identifier of the rule that found the problem, such as `format.date`.
    public var rule: String
    public var message: String
    public var fix: Fix?

    public init(
        path: String, range: SourceRange, severity: Severity, rule: String, message: String, fix: Fix? = nil
    ) {
        self.path = path
        self.range = range
        self.severity = severity
        self.rule = rule
        self.message = message
        self.fix = fix
    }

    /// `path:line:column: severity: message [rule]`, the form compilers and editors understand.
    public var formatted: String {
        "\(path):\(range.start.line):\(range.start.column): \(severity.rawValue): \(message) [\(rule)]"
    }
}

extension Array where Element == Diagnostic {
    /// Whether any diagnostic is an error.
    public var containsErrors: Bool { contains { $0.severity == .error } }

    /// Sorted by file, then position, then rule, without repeats.
    public func sortedAndDeduplicated() -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        return filter { seen.insert($0).inserted }.sorted(by: Diagnostic.precedes)
    }
}

extension Diagnostic {
    /// The reading order of findings: file, position, rule, message.
    static func precedes(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        if a.path != b.path { return a.path < b.path }
        if a.range.start != b.range.start { return a.range.start < b.range.start }
        if a.rule != b.rule { return a.rule < b.rule }
        return a.message < b.message
    }
}
