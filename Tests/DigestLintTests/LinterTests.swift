import DigestCore
import DigestLint
import Foundation
import Testing

@Suite("The linter")
struct LinterTests {
    let linter = Linter(settings: .allianceDigest)

    @Test("findings come sorted by position, whatever order the parser and rules found them in")
    func sorted() {
        let text = "US-Japan Alliance Digest Vol 2.6\nDate: soon\nHeadlines:\n-first\n"
        let findings = linter.lint(bytes: Array(text.utf8), path: "draft.issue").diagnostics
        let positions = findings.map(\.range.start)
        #expect(positions == positions.sorted())
        #expect(findings.map(\.rule).contains("format.date"))
        #expect(findings.map(\.rule).contains("format.bullet"))
    }

    @Test("the summary counts errors, warnings and files")
    func summary() throws {
        var report = LintReport()
        report.files = [FileReport(path: "a.issue", lines: [], diagnostics: []), FileReport(path: "b.issue", lines: [], diagnostics: [])]
        #expect(report.summary == "no problems in 2 files")
        let text = "\u{FEFF}US-Japan Alliance Digest Vol 2.6\n"
        report.files[1] = linter.lint(bytes: Array(text.utf8), path: "b.issue")
        #expect(report.summary == "4 errors and 1 warning in 2 files")
        #expect(report.fails(strict: false))
    }

    @Test("a missing path is an error naming it, not an empty report")
    func missingPath() {
        #expect(throws: LintError.self) {
            try linter.lint(paths: [URL(fileURLWithPath: "/nonexistent/digest/draft.issue")])
        }
    }
}
