import DigestCore
import DigestLint
import DigestTestSupport
import Foundation
import Testing

/// The lead image rules on real files that Pillow wrote, in a folder like Drafts/.
@Suite("Lead image lint")
struct LeadImageLintTests {
    static func issue(image: String?, alt: String? = "Two ministers shake hands in Washington") -> String {
        let fields = (image.map { ["Image: \($0)"] } ?? []) + (alt.map { ["Image Alt: \($0)"] } ?? []) + ["Image Source: Reuters"]
        return """
            US-Japan Alliance Digest Vol 2.6
            Date: 2023-04-06
            \(fields.joined(separator: "\n"))

            Headlines
            - Allies meet in Tokyo

            Details
            - The allies met in Tokyo on March 8.

            Footer
            \(TextWrapper.wrap(Settings.thisRepository.publication.footer, width: 78).joined(separator: "\n"))

            """
    }

    /// The image findings for the issue in a folder holding `images`.
    func findings(_ text: String, images: [String: TestImage]) throws -> [String] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-lead-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, image) in images { try image.write(to: folder.appendingPathComponent(name)) }
        let url = folder.appendingPathComponent("2023-04-06-vol-2.6.issue")
        let report = Linter(settings: .thisRepository).lint(bytes: Array(text.utf8), path: "vol-2.6.issue", filePath: url.path)
        return report.diagnostics.filter { $0.rule.hasPrefix("image-") }.map(\.formatted)
    }

    @Test("a wide, light JPEG with alt text passes")
    func goodImage() throws {
        #expect(
            try findings(Self.issue(image: "2023-04-06-vol-2.6.jpg"), images: ["2023-04-06-vol-2.6.jpg": TestImage("JPEG", 1600, 900)])
                == [])
    }

    @Test("each problem is an error at the file name, saying what to do")
    func problems() throws {
        #expect(
            try findings(Self.issue(image: "lead.webp", alt: nil), images: ["lead.webp": TestImage("WEBP", 1600, 900)]) == [
                "vol-2.6.issue:3:8: error: the lead image has no alternative text; add a line \"Image Alt: …\" under \"Image:\" that says what the picture shows [image-alt]"
            ])
        #expect(
            try findings(Self.issue(image: "lead.jpg"), images: [:]) == [
                "vol-2.6.issue:3:8: error: there is no file \"lead.jpg\" beside the issue; copy the picture there or correct the name [image-file]"
            ])
        #expect(
            try findings(Self.issue(image: "lead.png"), images: ["lead.png": TestImage("GIF", 1600, 900)]) == [
                "vol-2.6.issue:3:8: error: \"lead.png\" is not a JPEG, PNG or WebP image; save the picture in one of those (JPEG for photographs) [image-file]"
            ])
        #expect(
            try findings(Self.issue(image: "lead.png"), images: ["lead.png": TestImage("PNG", 800, 450)]) == [
                "vol-2.6.issue:3:8: error: the lead image is 800 px wide; the email needs 1,200 px or more to be sharp, so use a larger original [image-size]"
            ])
    }

    @Test("an image heavier than site.max-image-size is refused with both weights")
    func heavyImage() throws {
        let found = try findings(
            Self.issue(image: "lead.png"), images: ["lead.png": TestImage("PNG", 1400, 800, noisy: true)])
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("vol-2.6.issue:3:8: error: the lead image weighs ") == true)
        #expect(found.first?.contains(" KB, over the 500 KB of site.max-image-size; save it smaller") == true)
    }
}
