import DigestCore
import DigestTestSupport
import Foundation
import Testing

/// A file an editor's tools mangled (Windows line endings, a BOM, tabs, stray spaces, fields
/// swapped) is still the same issue: it parses with warnings only, and `digest format`
/// turns it into the canonical form.
@Suite("Normalisation")
struct NormalisationTests {
    static let messyPath = "Normalisation/messy.issue"
    static let canonicalPath = "Normalisation/messy.canonical.issue"

    @Test("the messy fixture really has what it is meant to test")
    func fixtureIsMessy() throws {
        // Git or an editor could quietly normalise the fixture; then the tests below would
        // pass without testing anything.
        let bytes = try TestFiles.fixtureBytes(Self.messyPath)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(bytes.count { $0 == 0x0D } == bytes.count { $0 == 0x0A })
        #expect(bytes.contains(0x09))
        #expect(text.contains("  \r\n"))
        #expect(text.contains("\r\n\r\n\r\n"))
        #expect(text.contains("-   South"))
        let imageSource = try #require(text.range(of: "Image Source:"))
        let date = try #require(text.range(of: "Date:"))
        #expect(imageSource.lowerBound < date.lowerBound)
    }

    @Test("a messy file parses with exactly the expected warnings")
    func messyFileWarnings() throws {
        let parsed = Settings.thisRepository.parser.parse(bytes: try TestFiles.fixtureBytes(Self.messyPath), path: "messy.issue")
        #expect(parsed.isWellFormed)
        #expect(
            parsed.formattedDiagnostics == [
                "messy.issue:1:1: warning: the file starts with a byte-order mark; save it as UTF-8 without BOM (`digest format` removes it) [format.encoding]",
                "messy.issue:1:1: warning: the file uses CRLF line endings; the canonical form uses LF (`digest format` converts it) [format.line-ending]",
                "messy.issue:3:24: warning: tab character; use spaces (`digest format` replaces each tab with a space) [format.whitespace]",
            ])
        // The only other things wrong (trailing spaces, blank lines, field order, extra spaces
        // after "-") are silently normalised, so there is nothing more to report.
        #expect(parsed.diagnostics.allSatisfy { $0.severity == .warning })
    }

    @Test("a messy file prints in canonical form, which then round-trips")
    func messyFilePrintsCanonically() throws {
        let parsed = Settings.thisRepository.parser.parse(bytes: try TestFiles.fixtureBytes(Self.messyPath), path: "messy.issue")
        let printed = IssuePrinter.print(parsed.issue)
        GoldenFile.check(printed, against: TestFiles.sourceFixtures.appendingPathComponent(Self.canonicalPath))

        let reparsed = Settings.thisRepository.parser.parse(printed, path: "messy.canonical.issue")
        #expect(reparsed.diagnostics == [])
        // The fields were written Image Source first; canonical form puts Date first, and
        // field order takes part in equality, so compare with the fields in that order.
        #expect(parsed.issue.fields.map(\.name) == ["Image Source", "Date"])
        #expect(reparsed.issue == parsed.issue.withCanonicalFieldOrder)
        #expect(IssuePrinter.print(reparsed.issue) == printed)
    }

    @Test("positions in a messy file still point at the right columns")
    func positionsSurviveNormalisation() throws {
        // The BOM is not a column, and a tab counts as one column, so what an editor
        // shows at 3:17 is where the value starts.
        let parsed = Settings.thisRepository.parser.parse(bytes: try TestFiles.fixtureBytes(Self.messyPath), path: "messy.issue")
        let imageSource = try #require(parsed.issue.field(.imageSource))
        #expect(imageSource.valueLocation.range.start == SourcePosition(line: 3, column: 17))
        #expect(parsed.issue.title?.location.range.start == SourcePosition(line: 2, column: 1))
        let firstHeadline = try #require(parsed.issue.headlines.items.first)
        #expect(firstHeadline.body.lines[0].location.range.start == SourcePosition(line: 9, column: 5))
        let secondDetail = parsed.issue.details.items[1].body.lines
        #expect(secondDetail.map(\.location.range.start.line) == [19, 20])
    }

    @Test("a blank line inside a detail is a warning and disappears in canonical form")
    func blankLineInsideDetail() {
        let text = """
            US-Japan Alliance Digest Vol 2.5
            Date: 2023-03-23

            Headlines
            - One

            Details
            - First line

              second line.

            Footer
            Footer text.

            """
        let parsed = Settings.thisRepository.parser.parse(text, path: "blank.issue")
        #expect(
            parsed.formattedDiagnostics == [
                "blank.issue:10:3: warning: blank line inside detail 1; delete it, or start a new detail with \"- \" [format.indent]"
            ])
        #expect(parsed.issue.details.items[0].body.text == "First line second line.")
        #expect(IssuePrinter.print(parsed.issue).contains("- First line\n  second line.\n"))
    }
}
