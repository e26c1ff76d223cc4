import DigestCore
import DigestRender
import DigestTestSupport
import Foundation
import Testing

/// The lead image in each edition: the email links it on the site with its size and alt
/// text, the web page beside it, the plain text names its credit and address.
@Suite("Lead image rendering")
struct LeadImageRenderTests {
    static let text = """
        US-Japan Alliance Digest Vol 2.6
        Date: 2023-04-06
        Image: photos/lead.jpg
        Image Alt: Ministers <Hayashi> & “Blinken” say "hello"
        Image Source: Reuters & Kyodo

        Headlines
        - Allies meet in Tokyo

        Details
        - The allies met in Tokyo on March 8.

        Footer
        The footer.

        """
    static let issue = Settings.thisRepository.parser.parse(text).issue
    static let header = ImageHeader(format: .jpeg, width: 1600, height: 900)

    static func renderer(baseURL: String?) throws -> Renderer {
        var settings = Settings.thisRepository
        settings.site.baseURL = baseURL
        return try Renderer(templatesFolder: projectRoot.appendingPathComponent("Templates"), settings: settings)
    }

    @Test("the email shows the image at its address on the site, 600 px wide, its height scaled, alt text escaped")
    func email() throws {
        let html = try Self.renderer(baseURL: "https://digest.example.org/").render(
            Self.issue, edition: .html, recipient: reader, image: Self.header)
        #expect(
            html.contains(
                #"<img src="https://digest.example.org/issues/2023-04-06-vol-2.6.jpg" width="600" height="338" alt="Ministers &lt;Hayashi&gt; &amp; “Blinken” say &quot;hello&quot;" style="display:block;width:100%;max-width:600px;height:auto;"#
            ))
        #expect(html.contains(">Image Source: Reuters &amp; Kyodo</td>"))
        // The credit moves from the date line to under the image.
        #expect(!html.contains("&#183; Image Source"))
        #expect(!html.contains("<Hayashi>"))
    }

    @Test("without site.base-url or a readable file the email shows no image, and the credit stays on the date line")
    func emailWithoutImage() throws {
        for (base, header) in [(nil, Self.header), ("https://digest.example.org/", nil)] as [(String?, ImageHeader?)] {
            let html = try Self.renderer(baseURL: base).render(Self.issue, edition: .html, recipient: reader, image: header)
            #expect(!html.contains("<img"))
            #expect(html.contains("&#183; Image Source: Reuters &amp; Kyodo</p>"))
        }
    }

    @Test("the web page shows the image beside it on the site, by a relative address")
    func web() throws {
        let html = try Self.renderer(baseURL: nil).render(Self.issue, edition: .web, recipient: reader, image: Self.header)
        #expect(
            html.contains(
                #"<img src="2023-04-06-vol-2.6.jpg" width="600" height="338" alt="Ministers &lt;Hayashi&gt; &amp; “Blinken” say &quot;hello&quot;">"#
            ))
        #expect(html.contains("<figcaption>Image Source: Reuters &amp; Kyodo</figcaption>"))
    }

    @Test("the plain text carries the credit and the image's address")
    func plainText() throws {
        let text = try Self.renderer(baseURL: "https://digest.example.org").render(
            Self.issue, edition: .text, recipient: reader, image: Self.header)
        #expect(
            text.hasPrefix(
                "US-Japan Alliance Digest Vol 2.6\nApril 6, 2023\nImage Source: Reuters & Kyodo\nImage: https://digest.example.org/issues/2023-04-06-vol-2.6.jpg\n\n"
            ))
    }

    @Test(
        "the email and the web page with the image pass html5lib's strict parse",
        .enabled(if: html5libAvailable, "python3 -m pip install html5lib (.ci/setup --test does)"))
    func strictParse() throws {
        let renderer = try Self.renderer(baseURL: "https://digest.example.org/")
        for edition in [Edition.html, .web] {
            let html = renderer.render(Self.issue, edition: edition, recipient: reader, image: Self.header)
            let result = try runPython(
                "import html5lib,sys; html5lib.HTMLParser(strict=True).parse(open(sys.argv[1],'rb').read())",
                [try temporaryFile(html)])
            #expect(result.errors.isEmpty, "\(edition): \(result.errors)")
        }
    }

    @Test("the header of the file beside the issue is read for the renderer")
    func headerBesideIssue() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-render-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("photos"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try TestImage("JPEG", 1500, 1000).write(to: folder.appendingPathComponent("photos/lead.jpg"))
        let issueFile = folder.appendingPathComponent("vol-2.6.issue")
        let lead = try #require(Self.issue.leadImage)
        #expect(lead.header(besideIssueAt: issueFile) == ImageHeader(format: .jpeg, width: 1500, height: 1000))
        #expect(LeadImage(path: "../photos/lead.jpg", location: lead.location).header(besideIssueAt: issueFile) == nil)
    }

    func temporaryFile(_ text: String) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("digest-\(UUID().uuidString).html")
        try Data(text.utf8).write(to: file)
        return file.path
    }
}
