import DigestCore
import Foundation

/// An array of findings as JSON objects: `path`, `line`, `column`, `endLine`, `endColumn`,
/// `severity`, `rule`, `message`, and `fix` (`{"line", "column", "endLine", "endColumn",
/// "replacement"}`) when there is one. Lines and columns count from 1; a column counts
/// Unicode scalars.
public enum JSONFormatter {
    struct Entry: Encodable {
        struct Replacement: Encodable {
            var line, column, endLine, endColumn: Int
            var replacement: String
        }

        var path: String
        var line, column, endLine, endColumn: Int
        var severity: String
        var rule: String
        var message: String
        var fix: Replacement?
    }

    public static func format(_ report: LintReport) -> String {
        let entries = report.diagnostics.map { diagnostic in
            Entry(
                path: diagnostic.path, line: diagnostic.range.start.line, column: diagnostic.range.start.column,
                endLine: diagnostic.range.end.line, endColumn: diagnostic.range.end.column, severity: diagnostic.severity.rawValue,
                rule: diagnostic.rule, message: diagnostic.message,
                fix: diagnostic.fix.map {
                    Entry.Replacement(
                        line: $0.range.start.line, column: $0.range.start.column, endLine: $0.range.end.line,
                        endColumn: $0.range.end.column, replacement: $0.replacement)
                })
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(entries)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
