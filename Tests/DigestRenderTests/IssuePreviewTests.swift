import DigestCore
import DigestRender
import DigestTestSupport
import Foundation
import Testing

/// `digest preview` without the command: the three editions written in order, and the lead
/// image copied beside the web page under the site's name for it.
@Suite("an issue's preview")
struct IssuePreviewTests {
    static let text = """
        US-Japan Alliance Digest Vol 2.6
        Date: 2023-04-06
        Image: lead.png
        Image Alt: Ministers meet in Tokyo
        Image Source: Reuters

        Headlines
        - Allies meet in Tokyo

        Details
        - The allies met in Tokyo on March 8.

        Footer
        The footer.

        """

    /// The first bytes of a PNG 1,600 by 900 pixels: as far as the header reader looks.
    static let png: [UInt8] =
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
        + [0, 0, 0x06, 0x40, 0, 0, 0x03, 0x84, 8, 6, 0, 0, 0, 0, 0, 0, 0]

    @Test("each edition is handed over under its name, in order, and the image is copied as the site names it")
    func writesEditionsAndImage() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-preview-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("out"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let issueFile = folder.appendingPathComponent("2023-04-06-vol-2.6.issue")
        try Data(Self.text.utf8).write(to: issueFile)
        try Data(Self.png).write(to: folder.appendingPathComponent("lead.png"))
        let issue = Settings.thisRepository.parser.parse(Self.text).issue
        let renderer = try Renderer(templatesFolder: projectRoot.appendingPathComponent("Templates"), settings: .thisRepository)
        let out = folder.appendingPathComponent("out")
        var handed: [String: String] = [:]
        let names = IssuePreview(renderer: renderer, issue: issue, issueFile: issueFile, recipient: reader)
            .write(named: "draft", into: out) { text, file in handed[file] = text }
        #expect(names == ["draft.txt", "draft.email.html", "draft.html"])
        let image = ImageHeader(format: .png, width: 1600, height: 900)
        #expect(handed["draft.html"] == renderer.render(issue, edition: .web, recipient: reader, image: image))
        #expect(handed["draft.txt"] == renderer.render(issue, edition: .text, recipient: reader, image: image))
        let copied = out.appendingPathComponent("2023-04-06-vol-2.6.png")
        #expect(try Data(contentsOf: copied) == Data(Self.png))
        #expect(handed["draft.html"]?.contains("2023-04-06-vol-2.6.png") == true)
    }

    @Test("a failure to write stops at that edition")
    func failureStops() throws {
        struct Full: Error {}
        let issue = Settings.thisRepository.parser.parse(Self.text).issue
        let renderer = try Renderer(templatesFolder: projectRoot.appendingPathComponent("Templates"), settings: .thisRepository)
        var attempts: [String] = []
        #expect(throws: Full.self) {
            try IssuePreview(
                renderer: renderer, issue: issue, issueFile: URL(fileURLWithPath: "/nonexistent/x.issue"), recipient: reader
            ).write(named: "x", into: URL(fileURLWithPath: "/nonexistent")) { (_, file) throws(Full) in
                attempts.append(file)
                if file.hasSuffix(".email.html") { throw Full() }
            }
        }
        #expect(attempts == ["x.txt", "x.email.html"])
    }
}
