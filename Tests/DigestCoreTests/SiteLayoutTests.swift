import DigestCore
import DigestTestSupport
import Testing

/// The paths `digest site`, `digest publish` and the email's image link share.
@Suite("Site layout")
struct SiteLayoutTests {
    let nowhere = NodeLocation(SourceRange(start: SourcePosition(line: 1, column: 1), length: 0))

    @Test("an issue's page, PDF and image sit side by side under issues/, named like its archive file")
    func paths() throws {
        let layout = SiteLayout(volume: 1, number: 4, date: try #require(IssueDate(iso: "2022-02-24")))
        #expect(layout.stem == "2022-02-24-vol-1.4")
        #expect(layout.pagePath == "issues/2022-02-24-vol-1.4.html")
        #expect(layout.pdfPath == "issues/2022-02-24-vol-1.4.pdf")
        #expect(layout.imagePath(for: LeadImage(path: "drafts/Lead Photo.JPG", location: nowhere)) == "issues/2022-02-24-vol-1.4.jpg")
        #expect(layout.imageFileName(for: LeadImage(path: "lead.webp", location: nowhere)) == "2022-02-24-vol-1.4.webp")
    }

    @Test("the layout of a parsed issue comes from its title and date, and needs both")
    func fromIssue() {
        let issue = Settings.thisRepository.parser.parse("US-Japan Alliance Digest Vol 2.6\nDate: 2023-04-06\n").issue
        #expect(SiteLayout(issue: issue)?.pagePath == "issues/2023-04-06-vol-2.6.html")
        #expect(SiteLayout(issue: Settings.thisRepository.parser.parse("US-Japan Alliance Digest Vol 2.6\n").issue) == nil)
    }

    @Test("a path on the site joins the base URL with exactly one slash")
    func absoluteURL() {
        #expect(SiteLayout.url("issues/a.jpg", base: "https://example.org/digest/") == "https://example.org/digest/issues/a.jpg")
        #expect(SiteLayout.url("issues/a.jpg", base: "https://example.org/digest") == "https://example.org/digest/issues/a.jpg")
        #expect(SiteLayout.url("issues/a.jpg", base: "https://example.org//") == "https://example.org/issues/a.jpg")
    }
}
