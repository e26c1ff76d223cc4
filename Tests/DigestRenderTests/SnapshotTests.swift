import DigestCore
import DigestRender
import DigestTestSupport
import Foundation
import Testing

/// Every archived issue in every edition, against the files in `Snapshots/`.
/// `DIGEST_RECORD=1 swift test --filter SnapshotTests` rewrites them; review the diff.
@Suite("Golden files")
struct SnapshotTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var issue: String
        var edition: Edition
        var testDescription: String { "\(issue) \(edition.rawValue)" }
        var snapshotName: String { "\(issue.dropLast(".issue".count)).\(edition.fileExtension)" }
    }

    static let cases = archiveNames.flatMap { name in Edition.allCases.map { Case(issue: name, edition: $0) } }
    static let folder = projectRoot.appendingPathComponent("Tests/DigestRenderTests/Snapshots")

    @Test("each archived issue renders as its golden file", arguments: cases)
    func matches(_ testCase: Case) throws {
        let output = renderer.render(try archivedIssue(testCase.issue), edition: testCase.edition, recipient: reader)
        GoldenFile.check(output, against: Self.folder.appendingPathComponent(testCase.snapshotName))
    }
}
