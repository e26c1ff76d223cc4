import DigestCore

/// Applies fixes to the text of a file.
public enum Fixer {
    /// The fixes that can be applied together: sorted, and none overlapping one already chosen.
    public static func compatible(_ fixes: [Fix]) -> [Fix] {
        var chosen: [Fix] = []
        var end = SourcePosition(line: 0, column: 0)
        for fix in fixes.sorted(by: { ($0.range.start, $0.range.end) < ($1.range.start, $1.range.end) }) {
            guard fix.range.start >= end else { continue }
            if let last = chosen.last, last.range == fix.range { continue }
            chosen.append(fix)
            end = fix.range.end
        }
        return chosen
    }

    /// `text` with the fixes applied; positions are those of `text`'s lines and columns.
    public static func apply(_ fixes: [Fix], to text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var lineStarts = [0]
        for (offset, scalar) in scalars.enumerated() where scalar == "\n" { lineStarts.append(offset + 1) }
        func offset(_ position: SourcePosition) -> Int {
            guard position.line - 1 < lineStarts.count, position.line >= 1 else { return scalars.count }
            let lineEnd = position.line < lineStarts.count ? lineStarts[position.line] - 1 : scalars.count
            return min(lineStarts[position.line - 1] + position.column - 1, lineEnd)
        }
        // The text is rebuilt in one pass, front to back: replacing each range in place
        // moves the rest of the text every time, which made 100,000 fixes on one long line
        // take hours.
        var fixed: [Unicode.Scalar] = []
        fixed.reserveCapacity(scalars.count)
        var copied = 0
        for fix in compatible(fixes) {
            let start = max(offset(fix.range.start), copied)
            let end = max(start, offset(fix.range.end))
            fixed += scalars[copied..<start]
            fixed += fix.replacement.unicodeScalars
            copied = end
        }
        fixed += scalars[copied...]
        return String(unicodeScalars: fixed)
    }
}

extension Linter {
    /// What `digest lint --fix` made of a file.
    public struct FixResult: Sendable {
        /// The text after every pass.
        public var text: String
        /// How many fixes were applied.
        public var applied: Int
        /// The findings that remain.
        public var report: FileReport
    }

    /// Applies every fix, re-lints, and repeats until nothing more can be fixed.
    ///
    /// The text is the file as the parser reads it (UTF-8, LF endings, no trailing blanks).
    /// `only` limits the fixes to one rule. Overlapping fixes wait for the next pass, which
    /// sees the text the first one made.
    public func fix(bytes: [UInt8], path: String, filePath: String? = nil, only rule: String? = nil) -> FixResult {
        let source = SourceText(path: path, bytes: bytes)
        var text = source.lines.map { String($0.text) }.joined(separator: "\n") + "\n"
        var applied = 0
        var report = lint(bytes: Array(text.utf8), path: path, filePath: filePath)
        for _ in 0..<10 {
            let fixes = report.diagnostics.filter { rule == nil || $0.rule == rule }.compactMap(\.fix)
            let chosen = Fixer.compatible(fixes)
            guard !chosen.isEmpty else { break }
            let fixed = Fixer.apply(chosen, to: text)
            guard fixed != text else { break }
            text = fixed
            applied += chosen.count
            report = lint(bytes: Array(text.utf8), path: path, filePath: filePath)
        }
        return FixResult(text: text, applied: applied, report: report)
    }
}
