import DigestArchive
import DigestCore
import DigestLint
import DigestTestSupport
import Foundation
import Testing

@Suite("The archive imported from the seeds")
struct ArchiveSlipsTests {
    /// Every real slip in the four published issues, and nothing else: the rule, the place,
    /// and what the slip is.
    static let slips: [(file: String, line: Int, column: Int, rule: String, slip: String)] = [
        ("2022-02-24-vol-1.4.issue", 10, 12, "spelling", "Commader for Commander"),
        ("2022-02-24-vol-1.4.issue", 32, 62, "spelling", "likeminded for like-minded"),
        ("2022-02-24-vol-1.4.issue", 58, 41, "footer", "the web copy's footer ends at \"contact\""),
        ("2022-03-10-vol-1.5.issue", 6, 35, "headline-case", "“…” Convenes First Meeting"),
        ("2022-03-10-vol-1.5.issue", 7, 18, "headline-case", "Begin Planning for Economic 2+2 Launch"),
        ("2022-03-10-vol-1.5.issue", 8, 31, "headline-case", "Finally Completes Construction Plan"),
        ("2022-03-10-vol-1.5.issue", 25, 14, "run-on-sentence", "March 8.US Assistant"),
        ("2022-03-10-vol-1.5.issue", 26, 34, "run-on-number", "from March9"),
        // The house spells counts below ten out even in an issue that writes figures throughout.
        ("2022-03-10-vol-1.5.issue", 44, 62, "number-style", "after 9 years"),
        ("2022-08-04-vol-1.15.issue", 28, 24, "money-style", "~$700m beside $293 million"),
        ("2022-08-04-vol-1.15.issue", 65, 49, "footer", "egulum@spfusa.org. with a period"),
        ("2023-03-23-vol-2.5.issue", 24, 56, "number-style", "4-day beside three and five"),
        ("2023-03-23-vol-2.5.issue", 31, 36, "number-style", "Nearly forty"),
        ("2023-03-23-vol-2.5.issue", 58, 53, "repeated-word", "met with met with"),
        ("2023-03-23-vol-2.5.issue", 65, 41, "footer", "the web copy's footer ends at \"contact\""),
    ]

    @Test("linting the archive finds every real slip and nothing else")
    func findsEverySlip() throws {
        let repository = try Repository.locate(from: projectRoot)
        // The archive only: drafts left in Drafts/ must not change the result.
        let corpus = IssueCorpus(entries: IssueCorpus.load(from: repository).entries.filter { !$0.isDraft })
        let linter = Linter(settings: repository.settings, corpus: corpus)
        var found: [String] = []
        for url in try IssueCatalog.issueFiles(in: repository.archiveFolder) {
            let report = linter.lint(
                bytes: Array(try Data(contentsOf: url)), path: url.lastPathComponent, filePath: url.standardizedFileURL.path)
            found += report.diagnostics.map { "\($0.path):\($0.range.start.line):\($0.range.start.column) [\($0.rule)]" }
        }
        let expected = Self.slips.map { "\($0.file):\($0.line):\($0.column) [\($0.rule)]" }
        #expect(found == expected)
    }

    @Test("--fix mends the certain slips and leaves the archive's words otherwise untouched")
    func fixes() throws {
        let repository = try Repository.locate(from: projectRoot)
        let corpus = IssueCorpus(entries: IssueCorpus.load(from: repository).entries.filter { !$0.isDraft })
        let linter = Linter(settings: repository.settings, corpus: corpus)
        let url = repository.archiveFolder.appendingPathComponent("2022-03-10-vol-1.5.issue")
        let original = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        let result = linter.fix(bytes: Array(original.utf8), path: "1.5.issue", filePath: url.standardizedFileURL.path)
        #expect(result.applied == 3)
        #expect(result.text.contains("on March 8. US Assistant Secretaries"))
        #expect(result.text.contains("in Tokyo from March 9 to coordinate"))
        #expect(result.text.contains("after nine years of"))
        // Only the two spaces were added and "9" spelled out.
        #expect(result.text.unicodeScalars.count == original.unicodeScalars.count + 2 + 3)
        #expect(result.report.diagnostics.map(\.rule) == ["headline-case", "headline-case", "headline-case"])
    }
}
