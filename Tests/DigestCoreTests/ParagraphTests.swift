import DigestCore
import DigestTestSupport
import Testing

/// A wrapped paragraph reads as one line of text, but every offset in that text still maps
/// back to the line and column an editor would jump to.
@Suite("Paragraph")
struct ParagraphTests {
    /// Lines 10–12 of a file, the first after "- " and the others after the two-space indent:
    /// `- Kishida met“Yoon`, `  in Tokyo`, `  on March 16.`
    static let paragraph = Paragraph(pieces: [
        .line(TextLine(text: "Kishida met“Yoon", start: SourcePosition(line: 10, column: 3))),
        .comment(
            Comment(
                text: "# a comment between lines",
                location: NodeLocation(SourceRange(start: SourcePosition(line: 11, column: 1), length: 25)))),
        .line(TextLine(text: "in Tokyo", start: SourcePosition(line: 12, column: 3))),
        .line(TextLine(text: "on March 16.", start: SourcePosition(line: 13, column: 3))),
    ])

    @Test("the text joins the lines with single spaces and leaves out comments")
    func joinedText() {
        #expect(Self.paragraph.text == "Kishida met“Yoon in Tokyo on March 16.")
        #expect(Self.paragraph.lines.map(\.text) == ["Kishida met“Yoon", "in Tokyo", "on March 16."])
    }

    @Test(
        "offsets map to the line and column they were written at",
        arguments: [
            (0, 10, 3),  // "K"
            (11, 10, 14),  // "“", one column although three bytes
            (12, 10, 15),  // "Y"
            (16, 10, 19),  // the joining space: the end of line 10
            (17, 12, 3),  // "i" of "in", after the comment line
            (24, 12, 10),  // "o" of "Tokyo"
            (25, 12, 11),  // the joining space
            (26, 13, 3),  // "o" of "on"
            (37, 13, 14),  // "."
            (38, 13, 15),  // the end of the text
            (500, 13, 15),  // past the end: the end of the last line
        ])
    func positionAtOffset(offset: Int, line: Int, column: Int) {
        #expect(Self.paragraph.position(atOffset: offset) == SourcePosition(line: line, column: column))
    }

    @Test("a range across a line break runs from one line to the next")
    func rangeAcrossLines() {
        // "Yoon in" starts on line 10 and ends on line 12.
        let range = Self.paragraph.range(atOffset: 12, length: 7)
        #expect(range.start == SourcePosition(line: 10, column: 15))
        #expect(range.end == SourcePosition(line: 12, column: 5))
    }

    @Test("the paragraph's range covers its first to its last line")
    func wholeRange() {
        #expect(Self.paragraph.range.start == SourcePosition(line: 10, column: 3))
        #expect(Self.paragraph.range.end == SourcePosition(line: 13, column: 15))
    }

    @Test("offsets in a parsed detail point at the characters in the file")
    func parsedDetailPositions() {
        let text = """
            US-Japan Alliance Digest Vol 2.6
            Date: 2023-04-06

            Headlines
            - One

            Details
            - Prime Minister Kishida and
              President Yoon met in Tokyo
            # between
                on March 16.

            Footer
            F.

            """
        let body = Settings.thisRepository.parser.parse(text).issue.details.items[0].body
        // Every non-space scalar of the joined text is the scalar at its mapped position.
        let fileLines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        for (offset, scalar) in body.text.unicodeScalars.enumerated() where scalar != " " {
            let position = body.position(atOffset: offset)
            #expect(fileLines[position.line - 1][position.column - 1] == scalar, "offset \(offset)")
        }
        // The last line was indented by four spaces: its text starts at column 5.
        #expect(body.position(atOffset: body.text.unicodeScalars.count - 1) == SourcePosition(line: 11, column: 16))
    }

    @Test("an empty paragraph maps everything to the start of the file")
    func emptyParagraph() {
        let empty = Paragraph(lines: [])
        #expect(empty.text == "")
        #expect(empty.position(atOffset: 3) == SourcePosition(line: 1, column: 1))
    }
}
