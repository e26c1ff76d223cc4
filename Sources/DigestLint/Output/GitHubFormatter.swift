import DigestCore

/// GitHub Actions workflow commands: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=rule::message`,
/// which a workflow shows as annotations on the changed lines.
public enum GitHubFormatter {
    public static func format(_ report: LintReport) -> String {
        report.diagnostics.map { diagnostic in
            let command =
                switch diagnostic.severity {
                case .error: "error"
                case .warning: "warning"
                case .note: "notice"
                }
            let properties = [
                "file=\(escapeProperty(diagnostic.path))", "line=\(diagnostic.range.start.line)", "col=\(diagnostic.range.start.column)",
                "endLine=\(diagnostic.range.end.line)", "endColumn=\(diagnostic.range.end.column)",
                "title=\(escapeProperty(diagnostic.rule))",
            ]
            return "::\(command) \(properties.joined(separator: ","))::\(escapeData(diagnostic.message))\n"
        }.joined()
    }

    /// `%`, CR and LF are escaped in a message.
    static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// A property also escapes `:` and `,`.
    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
