import DigestArchive
import DigestCore
import DigestLint
import DigestTestSupport
import Foundation
import Testing

/// Whole issues that break the structure rules, each with the exact findings expected in
/// `Fixtures/Structure/NAME.expected`, linted as drafts beside this repository's archive.
/// `DIGEST_RECORD=1 swift test --filter StructureFixtureTests` rewrites the expectations;
/// review the diff.
@Suite("Structure rules on whole issues")
struct StructureFixtureTests {
    static let folder = projectRoot.appendingPathComponent("Tests/DigestLintTests/Fixtures/Structure")
    static let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
        .filter { $0.hasSuffix(".issue") }.map { String($0.dropLast(".issue".count)) }.sorted()

    @Test("there are fixtures, including a clean issue")
    func fixturesExist() {
        #expect(Self.names.count >= 6)
        #expect(Self.names.contains("clean"))
    }

    @Test("findings match the expected file", arguments: names)
    func findings(name: String) throws {
        let repository = try Repository.locate(from: projectRoot)
        // The archive only: drafts an editor (or `.ci/main`) left in Drafts/ must not change the result.
        let archive = IssueCorpus(entries: IssueCorpus.load(from: repository).entries.filter { !$0.isDraft })
        let linter = Linter(settings: repository.settings, corpus: archive)
        let url = Self.folder.appendingPathComponent("\(name).issue")
        let report = linter.lint(bytes: Array(try Data(contentsOf: url)), path: "\(name).issue", filePath: url.path)
        // Other issues are named relative to the current folder; the repository root is the
        // same place whichever folder the tests run from.
        let actual = report.diagnostics.map { $0.formatted + "\n" }.joined()
            .replacingOccurrences(of: projectRoot.standardizedFileURL.path + "/", with: "")
        GoldenFile.check(actual, against: Self.folder.appendingPathComponent("\(name).expected"))
    }
}
