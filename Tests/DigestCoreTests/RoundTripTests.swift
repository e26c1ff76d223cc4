import DigestCore
import DigestTestSupport
import Foundation
import Testing

/// Canonical files are a fixed point of parse → print: editors' files are never rewritten
/// by `digest format` unless something in them is not canonical.
@Suite("Round trip")
struct RoundTripTests {
    /// Locations do not take part in equality, so any will do when building expected values.
    let nowhere = NodeLocation(SourceRange(start: SourcePosition(line: 1, column: 1), length: 0))
    static let archive = TestFiles.archiveIssues()

    @Test("the archive is not empty")
    func archiveIsFound() {
        // Guards the parameterized tests below: with no files they would pass vacuously.
        #expect(Self.archive.count >= 4)
    }

    @Test("archived issues parse cleanly and print back byte for byte", arguments: archive)
    func archivedIssueRoundTrips(_ url: URL) throws {
        let bytes = try TestFiles.bytes(of: url)
        let parsed = Settings.thisRepository.parser.parse(bytes: bytes, path: url.lastPathComponent)
        #expect(parsed.formattedDiagnostics == [])
        #expect(parsed.issue.title != nil)
        #expect(parsed.issue.date != nil)
        #expect(!parsed.issue.headlines.items.isEmpty)
        // (Whether details mirror headlines is house style, for the linter, not the format.)
        #expect(!parsed.issue.details.items.isEmpty)
        #expect(parsed.issue.footer.body != nil)

        let printed = IssuePrinter.print(parsed.issue)
        #expect(Array(printed.utf8) == bytes)

        let reparsed = Settings.thisRepository.parser.parse(printed)
        #expect(reparsed.diagnostics == [])
        #expect(reparsed.issue == parsed.issue)
    }

    @Test("the file name's date and volume match the parsed issue", arguments: archive)
    func archiveNameMatchesContent(_ url: URL) throws {
        // 2022-02-24-vol-1.4.issue: a cheap check that the parser reads the right values,
        // not just that it reads something.
        let parsed = try parseFile(url)
        let name = url.deletingPathExtension().lastPathComponent
        let date = try #require(parsed.issue.date)
        let title = try #require(parsed.issue.title)
        #expect(name == "\(date.iso)-vol-\(title.volumeAndNumber)")
        #expect(title.name == "US-Japan Alliance Digest")
    }

    @Test("a canonical file with comments in every allowed place round-trips")
    func commentedFixtureRoundTrips() throws {
        let bytes = try TestFiles.fixtureBytes("Canonical/commented.issue")
        let parsed = Settings.thisRepository.parser.parse(bytes: bytes, path: "commented.issue")
        #expect(parsed.formattedDiagnostics == [])
        #expect(String(decoding: bytes, as: UTF8.self) == IssuePrinter.print(parsed.issue))
        #expect(Settings.thisRepository.parser.parse(IssuePrinter.print(parsed.issue)).issue == parsed.issue)
    }

    @Test("comments are attached where they were written")
    func commentsKeepTheirPlace() throws {
        // Byte equality alone would also hold if the printer emitted comments in a
        // different structure that happens to print the same; check the model too.
        let issue = Settings.thisRepository.parser.parse(bytes: try TestFiles.fixtureBytes("Canonical/commented.issue"), path: "c").issue
        let title = try #require(issue.title)
        #expect(title.leadingComments.map(\.text) == ["# Draft notes before the title: checked by the editor on 2023-04-05."])
        #expect(issue.fields.map(\.leadingComments.count) == [1, 1])
        #expect(issue.headerComments.map(\.text) == ["# A comment closing the header, followed by a blank line."])
        #expect(issue.headlines.heading?.leadingComments.map(\.text) == ["# One headline per detail."])
        #expect(issue.headlines.items.map(\.leadingComments.count) == [0, 1, 1])
        // A comment followed by a blank line stays with the item above it.
        #expect(
            issue.headlines.items[2].body.pieces.last
                == .comment(Comment(text: "# A comment closing the last headline.", location: nowhere)))
        #expect(issue.details.heading?.leadingComments.map(\.text) == ["# Details mirror the headlines."])
        #expect(issue.details.items.map(\.leadingComments.count) == [0, 1, 0])
        #expect(issue.details.items[1].body.pieces.count == 3)

        let firstDetail = issue.details.items[0].body
        #expect(firstDetail.lines.count == 3)
        #expect(firstDetail.pieces.count == 4)
        if case .comment(let comment) = firstDetail.pieces[2] {
            #expect(comment.text == "# A comment inside a detail, between two of its lines.")
            #expect(comment.location.range.start == SourcePosition(line: 22, column: 1))
        } else {
            Issue.record("the third piece of detail 1 should be the comment")
        }
        #expect(issue.footer.heading?.leadingComments.map(\.text) == ["# The footer is verbatim."])
        #expect(issue.footer.body?.lines.count == 3)
        #expect(issue.footer.body?.pieces.count == 4)
        #expect(issue.trailingComments.map(\.text) == ["# A comment after the footer.", "# And another, the last line of the file."])
    }

    @Test("parsed values and positions of the commented fixture")
    func commentedFixtureValues() throws {
        let issue = Settings.thisRepository.parser.parse(bytes: try TestFiles.fixtureBytes("Canonical/commented.issue"), path: "c").issue
        #expect(issue.title?.volumeAndNumber == "2.6")
        #expect(issue.date == IssueDate(year: 2023, month: 4, day: 6))
        #expect(issue.imageCredit == "Reuters")
        #expect(
            issue.headlines.items.map(\.plainText) == [
                "Allies hold first economic 2+2 in Washington",
                "Japan doubles defense budget by 2027",
                "US & Japan release statement on 2 * 3 cooperation *pilot*",
            ])
        #expect(issue.headlines.items[0].marker.range.start == SourcePosition(line: 11, column: 1))
        #expect(issue.headlines.items[0].body.lines[0].location.range.start == SourcePosition(line: 11, column: 3))
        #expect(issue.details.items[0].plainText.hasSuffix("Washington on July 29 [sic], as reported."))
        #expect(issue.details.items[0].inlines.last == .text("."))
        #expect(
            issue.details.items[0].inlines.dropLast().last
                == .link(label: [.text("reported")], destination: "https://example.org/a_(b)"))
    }

    @Test("an issue built in code prints in canonical form and parses back equal")
    func builtIssueRoundTrips() {
        // The printer must not depend on locations: an issue assembled by `digest new` or the
        // importer has placeholder positions everywhere.
        func line(_ text: String) -> TextLine { TextLine(text: text, location: nowhere) }
        let issue = DigestCore.Issue(
            title: Title(
                text: "US-Japan Alliance Digest Vol 3.1", name: "US-Japan Alliance Digest", volume: 3, number: 1, location: nowhere),
            fields: [
                Field(name: "Image Source", value: "Kyodo", nameLocation: nowhere, valueLocation: nowhere),
                Field(name: "Date", value: "2024-01-11", nameLocation: nowhere, valueLocation: nowhere),
            ],
            headlines: Section(
                heading: Heading(location: nowhere),
                items: [
                    Item(marker: nowhere, body: Paragraph(lines: [line("One headline")]))
                ]),
            details: Section(
                heading: Heading(location: nowhere),
                items: [
                    Item(marker: nowhere, body: Paragraph(lines: [line("One detail that"), line("wraps.")]))
                ]),
            footer: Footer(heading: Heading(location: nowhere), body: Paragraph(lines: [line("The footer.")])))
        let printed = IssuePrinter.print(issue)
        #expect(
            printed == """
                US-Japan Alliance Digest Vol 3.1
                Date: 2024-01-11
                Image Source: Kyodo

                Headlines
                - One headline

                Details
                - One detail that
                  wraps.

                Footer
                The footer.

                """)
        let reparsed = Settings.thisRepository.parser.parse(printed)
        #expect(reparsed.diagnostics == [])
        // Fields come back in canonical order, Date first.
        #expect(reparsed.issue == issue.withCanonicalFieldOrder)
        #expect(reparsed.issue != issue)
    }
}
