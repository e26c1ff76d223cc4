import DigestArchive
import DigestCore
import DigestLint
import DigestTestSupport
import Foundation
import Testing

/// What `digest lint` reads and `--fix` changes, without the command: the files named, and
/// each file's fixes.
@Suite("lint's inputs and the fix pass")
struct FixPassTests {
    static let repeated = "2023-03-23-vol-2.5.issue"
    static let clean = "2022-02-24-vol-1.4.issue"

    func seed(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: projectRoot.appendingPathComponent("seeds/archive/\(name)")))
    }

    @Test("only the files whose fixes change their text are changes, in the order given; every file is in the report")
    func fixes() throws {
        let repository = try Repository.locate(from: projectRoot)
        let linter = Linter(settings: repository.settings, corpus: IssueCorpus(entries: []))
        let inputs = [
            LintInput(path: "a.issue", filePath: "/nowhere/a.issue", bytes: try seed(Self.repeated)),
            LintInput(path: "b.issue", filePath: "/nowhere/b.issue", bytes: Array("Not an issue\n".utf8)),
        ]
        let pass = FixPass(inputs, linter: linter)
        #expect(pass.report.files.count == 2)
        #expect(pass.changes.map(\.input.path) == ["a.issue"])
        let change = try #require(pass.changes.first)
        #expect(change.original.contains("met with met with") && !change.fixed.contains("met with met with"))
        #expect(pass.report.diagnostics.allSatisfy { $0.rule != "repeated-word" })
        #expect(pass.summary(dryRun: true).hasSuffix("; 1 file would change"))
        #expect(pass.summary(dryRun: false).hasSuffix("; fixed 1 file"))
    }

    @Test("the files named: a folder's issues in order with their bytes; a file that is not there refused")
    func files() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lint-inputs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(try seed(Self.clean)).write(to: folder.appendingPathComponent("b.issue"))
        try Data(try seed(Self.repeated)).write(to: folder.appendingPathComponent("a.issue"))
        let inputs = try LintInput.files(named: [folder], corpus: IssueCorpus(entries: []))
        #expect(inputs.map { URL(fileURLWithPath: $0.filePath).lastPathComponent } == ["a.issue", "b.issue"])
        #expect(inputs.last?.bytes == (try seed(Self.clean)))
        let missing = folder.appendingPathComponent("gone.issue")
        let failure = #expect(throws: ArchiveError.self) { try LintInput.files(named: [missing], corpus: IssueCorpus(entries: [])) }
        #expect(failure != nil)
    }
}
