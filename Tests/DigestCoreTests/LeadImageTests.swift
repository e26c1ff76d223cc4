import DigestCore
import DigestTestSupport
import Testing

/// The lead image's three header fields: `Image:` names the file, `Image Alt:` its
/// alternative text, `Image Source:` its credit.
@Suite("Lead image")
struct LeadImageTests {
    static let canonical = """
        US-Japan Alliance Digest Vol 2.6
        Date: 2023-04-06
        Image: 2023-04-06-vol-2.6.jpg
        Image Alt: Prime Minister Kishida and President Biden shake hands at the White House
        Image Source: Reuters

        Headlines
        - Allies hold first economic 2+2

        Details
        - The allies held their first economic 2+2 in Washington.

        Footer
        The footer.

        """

    @Test("the three fields give the lead image, with where each was written")
    func parsesTheLeadImage() throws {
        let parsed = Settings.thisRepository.parser.parse(Self.canonical, path: "vol-2.6.issue")
        #expect(parsed.diagnostics == [])
        let image = try #require(parsed.issue.leadImage)
        #expect(image.path == "2023-04-06-vol-2.6.jpg")
        #expect(image.alt == "Prime Minister Kishida and President Biden shake hands at the White House")
        #expect(image.credit == "Reuters")
        #expect(image.location.range == SourceRange(start: SourcePosition(line: 3, column: 8), length: 22))
        #expect(image.altLocation?.range.start == SourcePosition(line: 4, column: 12))
        #expect(image.fileExtension == "jpg")
    }

    @Test("an issue with the lead image prints back byte for byte")
    func canonicalRoundTrips() {
        let parsed = Settings.thisRepository.parser.parse(Self.canonical)
        #expect(IssuePrinter.print(parsed.issue) == Self.canonical)
        #expect(Settings.thisRepository.parser.parse(IssuePrinter.print(parsed.issue)).issue == parsed.issue)
    }

    @Test("the fields in any order print as Date, Image, Image Alt, Image Source")
    func fieldsPrintInCanonicalOrder() {
        let lines = Self.canonical.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Title, then the header fields reversed.
        let shuffled = ([lines[0]] + lines[1...4].reversed() + lines[5...]).joined(separator: "\n")
        let parsed = Settings.thisRepository.parser.parse(shuffled)
        #expect(parsed.diagnostics == [])
        #expect(parsed.issue.fields.map(\.name) == ["Image Source", "Image Alt", "Image", "Date"])
        #expect(IssuePrinter.print(parsed.issue) == Self.canonical)
        #expect(parsed.issue.leadImage == Settings.thisRepository.parser.parse(Self.canonical).issue.leadImage)
    }

    @Test("a credit alone is no lead image; an image without alt text has none")
    func partialFields() throws {
        let creditOnly = Self.canonical.replacingOccurrences(of: "Image: 2023-04-06-vol-2.6.jpg\n", with: "")
            .replacingOccurrences(of: "Image Alt: Prime Minister Kishida and President Biden shake hands at the White House\n", with: "")
        let parsedCredit = Settings.thisRepository.parser.parse(creditOnly)
        #expect(parsedCredit.diagnostics == [])
        #expect(parsedCredit.issue.leadImage == nil)
        #expect(parsedCredit.issue.imageCredit == "Reuters")

        let noAlt = Self.canonical.replacingOccurrences(
            of: "Image Alt: Prime Minister Kishida and President Biden shake hands at the White House\n", with: "")
        // Missing alt text is house style (a lint error), not a malformed file.
        let parsedNoAlt = Settings.thisRepository.parser.parse(noAlt)
        #expect(parsedNoAlt.diagnostics == [])
        let image = try #require(parsedNoAlt.issue.leadImage)
        #expect(image.alt == nil)
        #expect(image.altLocation == nil)
        #expect(IssuePrinter.print(parsedNoAlt.issue) == noAlt)
    }

    @Test("a second Image field is an error that names the first")
    func secondImageField() {
        let doubled = Self.canonical.replacingOccurrences(
            of: "Image: 2023-04-06-vol-2.6.jpg\n", with: "Image: 2023-04-06-vol-2.6.jpg\nImage: other.png\n")
        let parsed = Settings.thisRepository.parser.parse(doubled, path: "d.issue")
        #expect(
            parsed.diagnostics.map(\.formatted) == [
                "d.issue:4:1: error: second \"Image\" field; the first is on line 3, so delete one [format.field]"
            ])
        #expect(parsed.issue.leadImage?.path == "2023-04-06-vol-2.6.jpg")
    }

    @Test("an issue built in code prints the lead image fields in the canonical place")
    func modelPrints() {
        let nowhere = NodeLocation(SourceRange(start: SourcePosition(line: 1, column: 1), length: 0))
        var issue = Settings.thisRepository.parser.parse(Self.canonical).issue
        issue.fields = [
            Field(name: "Image Source", value: "Kyodo", nameLocation: nowhere, valueLocation: nowhere),
            Field(name: "Image", value: "lead.webp", nameLocation: nowhere, valueLocation: nowhere),
            Field(name: "Date", value: "2023-04-06", nameLocation: nowhere, valueLocation: nowhere),
            Field(name: "Image Alt", value: "A destroyer at sea", nameLocation: nowhere, valueLocation: nowhere),
        ]
        let printed = IssuePrinter.print(issue)
        #expect(
            printed.hasPrefix(
                "US-Japan Alliance Digest Vol 2.6\nDate: 2023-04-06\nImage: lead.webp\nImage Alt: A destroyer at sea\nImage Source: Kyodo\n\n"
            ))
        #expect(
            issue.leadImage
                == LeadImage(path: "lead.webp", alt: "A destroyer at sea", credit: "Kyodo", location: nowhere, altLocation: nowhere))
    }

    @Test(
        "whether a path stays in the issue's folder",
        arguments: [
            ("lead.jpg", true), ("images/lead.png", true), ("./lead.jpg", true),
            ("../lead.jpg", false), ("images/../../lead.jpg", false), ("/tmp/lead.jpg", false),
            ("~/lead.jpg", false), ("images//lead.jpg", false),
        ])
    func staysInFolder(path: String, expected: Bool) {
        let nowhere = NodeLocation(SourceRange(start: SourcePosition(line: 1, column: 1), length: 0))
        #expect(LeadImage(path: path, location: nowhere).staysInIssueFolder == expected)
    }

    @Test("the extension is lowercased and empty when there is none")
    func fileExtension() {
        let nowhere = NodeLocation(SourceRange(start: SourcePosition(line: 1, column: 1), length: 0))
        #expect(LeadImage(path: "a/Lead.JPEG", location: nowhere).fileExtension == "jpeg")
        #expect(LeadImage(path: "lead", location: nowhere).fileExtension == "")
        #expect(LeadImage(path: ".hidden", location: nowhere).fileExtension == "")
        #expect(LeadImage(path: "v1.2/lead", location: nowhere).fileExtension == "")
    }
}
