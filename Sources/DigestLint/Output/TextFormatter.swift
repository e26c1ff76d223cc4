import DigestCore

/// `path:line:column: severity: message [rule]`, then the source line with a caret under
/// the spot, the way compilers print errors. Colours only when asked (on a terminal).
public struct TextFormatter: Sendable {
    public var colored: Bool

    public init(colored: Bool) {
        self.colored = colored
    }

    public func format(_ report: LintReport) -> String {
        var output = ""
        let linesByPath = Dictionary(report.files.map { ($0.path, $0.lines) }, uniquingKeysWith: { first, _ in first })
        // A long line's scalars, by path and line number, read once however many findings it has.
        var longLines: [String: [Int: [Unicode.Scalar]]] = [:]
        for diagnostic in report.diagnostics {
            let location = "\(diagnostic.path):\(diagnostic.range.start.line):\(diagnostic.range.start.column):"
            let severity = paint(diagnostic.severity.rawValue + ":", diagnostic.severity.color)
            output += "\(bold(location)) \(severity) \(diagnostic.message) \(dim("[\(diagnostic.rule)]"))\n"
            guard let lines = linesByPath[diagnostic.path], diagnostic.range.start.line - 1 < lines.count,
                diagnostic.range.start.line >= 1
            else { continue }
            let line = lines[diagnostic.range.start.line - 1]
            if line.utf8.count > WorkLimits.longestLineShown {
                let scalars = longLines[diagnostic.path, default: [:]].value(for: diagnostic.range.start.line) {
                    Array(line.unicodeScalars)
                }
                output += clipped(scalars, diagnostic)
                continue
            }
            let width = line.unicodeScalars.count
            let column = min(diagnostic.range.start.column, width + 1)
            let endColumn =
                diagnostic.range.end.line == diagnostic.range.start.line ? min(diagnostic.range.end.column, width + 1) : width + 1
            let underline = "^" + String(repeating: "~", count: max(0, endColumn - column - 1))
            output += "    \(line)\n"
            output += "    \(String(repeating: " ", count: column - 1))\(paint(underline, diagnostic.severity.color))\n"
            output += fixLine(diagnostic)
        }
        return output
    }

    /// How many characters of a long line are shown before the finding's column, and in all.
    static let clippedLead = 40
    static let clippedWidth = 120

    /// The excerpt of a long line around the finding, marked `…` where it is cut: printing
    /// the whole line for each finding would make the report the line's length times the
    /// number of findings on it.
    func clipped(_ line: [Unicode.Scalar], _ diagnostic: Diagnostic) -> String {
        let width = line.count
        let column = min(diagnostic.range.start.column, width + 1)
        let endColumn =
            diagnostic.range.end.line == diagnostic.range.start.line ? min(diagnostic.range.end.column, width + 1) : width + 1
        let start = max(0, min(column - 1 - Self.clippedLead, width - Self.clippedWidth))
        let end = min(width, start + Self.clippedWidth)
        let before = start > 0 ? "…" : ""
        let after = end < width ? "…" : ""
        let caret = column - 1 - start + (before.isEmpty ? 0 : 1)
        let underlineEnd = min(endColumn, end + 1)
        let underline = "^" + String(repeating: "~", count: max(0, underlineEnd - column - 1))
        var output = "    \(before)\(String(unicodeScalars: line[start..<end]))\(after)\n"
        output += "    \(String(repeating: " ", count: caret))\(paint(underline, diagnostic.severity.color))\n"
        return output + fixLine(diagnostic)
    }

    /// The fix, when it is short enough to read on one line.
    func fixLine(_ diagnostic: Diagnostic) -> String {
        guard let fix = diagnostic.fix, !fix.replacement.contains("\n" as Character), fix.replacement.count <= 60 else { return "" }
        let action =
            fix.replacement.isEmpty
            ? "delete it"
            : fix.range.start == fix.range.end ? "insert \"\(fix.replacement)\"" : "replace with \"\(fix.replacement)\""
        return "    " + dim("fix: " + action) + "\n"
    }

    func paint(_ text: String, _ code: String) -> String { colored ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
    func bold(_ text: String) -> String { paint(text, "1") }
    func dim(_ text: String) -> String { paint(text, "2") }
}

extension Severity {
    /// The ANSI colour of the severity: red errors, yellow warnings, cyan notes.
    var color: String {
        switch self {
        case .error: "1;31"
        case .warning: "1;33"
        case .note: "1;36"
        }
    }
}
