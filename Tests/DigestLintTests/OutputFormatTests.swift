import DigestCore
import DigestLint
import DigestTestSupport
import Foundation
import Testing

@Suite("Output formats")
struct OutputFormatTests {
    let report: LintReport = {
        let text = """
            US-Japan Alliance Digest Vol 2.6
            Date: 2023-04-06

            Headlines
            - Allies meet in Tokyo, 100% sure.

            Details
            - The allies met met in Tokyo, “quoted, with a comma: and 100%.

            Footer
            \(TextWrapper.wrap(Settings.thisRepository.publication.footer, width: 78).joined(separator: "\n"))

            """
        var report = LintReport()
        report.files = [Linter(settings: .thisRepository).lint(bytes: Array(text.utf8), path: "Drafts/my draft.issue")]
        return report
    }()

    @Test("text: path:line:column: severity: message [rule], the line, and a caret under the spot")
    func text() {
        let output = TextFormatter(colored: false).format(report)
        #expect(
            output.contains(
                """
                Drafts/my draft.issue:8:18: error: "met" is written twice; delete the second [repeated-word]
                    - The allies met met in Tokyo, “quoted, with a comma: and 100%.
                                     ^~~
                    fix: delete it
                Drafts/my draft.issue:8:32: error: this quote "“" is never closed; add "”" where it ends [balanced-punctuation]
                """))
        #expect(!output.contains("\u{1B}["))
        #expect(TextFormatter(colored: true).format(report).contains("\u{1B}[1;31merror:\u{1B}[0m"))
    }

    @Test("json: an array of objects with path, positions, severity, rule, message and fix")
    func json() throws {
        let data = Data(JSONFormatter.format(report).utf8)
        let entries = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(entries.count == report.diagnostics.count)
        for entry in entries {
            for key in ["path", "line", "column", "endLine", "endColumn", "severity", "rule", "message"] {
                #expect(entry[key] != nil, "missing \(key)")
            }
        }
        let repeated = try #require(entries.first { $0["rule"] as? String == "repeated-word" })
        let fix = try #require(repeated["fix"] as? [String: Any])
        #expect(fix["replacement"] as? String == "")
        #expect(fix["line"] as? Int == 8)
    }

    @Test("github: one workflow command per finding, with properties and message escaped")
    func github() {
        let output = GitHubFormatter.format(report)
        let lines = output.split(separator: "\n")
        #expect(lines.count == report.diagnostics.count)
        #expect(lines.allSatisfy { $0.hasPrefix("::error ") || $0.hasPrefix("::warning ") || $0.hasPrefix("::notice ") })
        #expect(
            output.contains(
                "::error file=Drafts/my draft.issue,line=8,col=18,endLine=8,endColumn=21,title=repeated-word::\"met\" is written twice; delete the second"
            ))
        #expect(!output.contains("100%."))  // a % in a message is escaped as %25
    }

    @Test("sarif: a valid 2.1.0 log whose results point at rules the driver lists")
    func sarif() throws {
        let rules = RuleRegistry.all.map { type(of: $0).description }
        let data = Data(SARIFFormatter.format(report, rules: rules, version: "test").utf8)
        let log = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let ids = (driver["rules"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(ids == rules.map(\.identifier))
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == report.diagnostics.count)
        for result in results {
            let rule = try #require(result["ruleId"] as? String)
            if let index = result["ruleIndex"] as? Int { #expect(ids[index] == rule) }
            #expect(["error", "warning", "note"].contains(result["level"] as? String ?? ""))
            let location = (result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
            #expect((location?["artifactLocation"] as? [String: Any])?["uri"] as? String == "Drafts/my%20draft.issue")
        }
    }

    @Test("a unified diff of a fix shows the removed line before the added one, with context")
    func diff() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\n"
        let new = "a\nb\nc\nD\ne\nf\ng\nh\n"
        #expect(
            UnifiedDiff.diff(old, new, path: "x.issue") == """
                --- a/x.issue
                +++ b/x.issue
                @@ -1,7 +1,7 @@
                 a
                 b
                 c
                -d
                +D
                 e
                 f
                 g

                """)
        #expect(UnifiedDiff.diff(old, old, path: "x.issue") == "")
    }
}
