import DigestCore
import DigestLint
import DigestTestSupport
import Foundation
import Testing

@Suite("The linter")
struct LinterTests {
    let linter = Linter(settings: .thisRepository)

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

    @Test("a linter that has linted other issues finds in the next one exactly what a new linter finds")
    func wordMemoCarriesNoIssueAcrossFiles() throws {
        // Each file borrows the memo the one before it filled, so what that issue taught it
        // (its words' stems, forms, dictionary answers) must not change another issue's findings.
        let archive = projectRoot.appendingPathComponent("seeds/archive")
        let files = try FileManager.default.contentsOfDirectory(atPath: archive.path).filter { $0.hasSuffix(".issue") }.sorted()
        try #require(files.count > 1)
        let texts = try files.map { try Data(contentsOf: archive.appendingPathComponent($0)) }
        let seasoned = Linter(settings: .thisRepository)
        for (name, text) in zip(files, texts) {
            let afterOthers = seasoned.lint(bytes: Array(text), path: name).diagnostics
            let alone = Linter(settings: .thisRepository).lint(bytes: Array(text), path: name).diagnostics
            #expect(afterOthers.map(\.formatted) == alone.map(\.formatted), "\(name)")
        }
        // Twice over, so that every file is linted with a memo that has seen every word.
        for (name, text) in zip(files, texts) {
            let again = seasoned.lint(bytes: Array(text), path: name).diagnostics
            let alone = Linter(settings: .thisRepository).lint(bytes: Array(text), path: name).diagnostics
            #expect(again.map(\.formatted) == alone.map(\.formatted), "\(name)")
        }
    }

    @Test("a missing path is an error naming it, not an empty report")
    func missingPath() {
        #expect(throws: LintError.self) {
            try linter.lint(paths: [URL(fileURLWithPath: "/nonexistent/digest/draft.issue")])
        }
    }
}
