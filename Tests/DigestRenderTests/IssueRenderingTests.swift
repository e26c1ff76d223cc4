import DigestArchive
import DigestCore
import DigestRender
import DigestTestSupport
import Foundation
import Testing

/// What `render`, `preview` and `send` start from: the issue and the templates, or why not.
@Suite("loading an issue to render")
struct IssueRenderingTests {
    func load(_ path: String, root: URL = projectRoot) throws(IssueRendering.Failure) -> (Renderer, DigestCore.Issue) {
        let settings = try! Repository.locate(from: projectRoot).settings
        return try IssueRendering.load(path, settings: settings, root: root) { "shown/" + $0.lastPathComponent }
    }

    @Test("an archived issue loads with the repository's templates")
    func loads() throws {
        let (_, issue) = try load(projectRoot.appendingPathComponent("seeds/archive/2023-03-23-vol-2.5.issue").path)
        #expect(issue.title?.text == "US-Japan Alliance Digest Vol 2.5")
    }

    @Test("a missing file, an issue with format errors and a folder without templates each say what is wrong")
    func failures() throws {
        let missing = #expect(throws: IssueRendering.Failure.self) { try load("/nowhere/a.issue") }
        #expect(missing?.description == "/nowhere/a.issue: cannot read the file")

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).issue")
        try Data("Not a title\n".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let malformed = #expect(throws: IssueRendering.Failure.self) { try load(file.path) }
        let text = malformed?.description ?? ""
        #expect(text.hasPrefix("\(file.path):1:") && text.hasSuffix("\n\(file.path) has format errors; mend them before rendering"))

        let archived = projectRoot.appendingPathComponent("seeds/archive/2023-03-23-vol-2.5.issue").path
        let noTemplates = #expect(throws: IssueRendering.Failure.self) {
            try load(archived, root: URL(fileURLWithPath: "/nowhere"))
        }
        #expect(noTemplates?.description.hasPrefix("shown/Templates") == true)
    }
}
