import DigestCore
import DigestTestSupport
import Testing

/// Corners of the format that the fixtures do not reach, including the known bugs.
@Suite("Parser edge cases")
struct ParserEdgeCaseTests {
    /// A complete issue with `details` and `footer` as its last two sections' lines.
    static func issue(details: [String], footer: [String] = ["The footer."]) -> String {
        (["US-Japan Alliance Digest Vol 2.6", "Date: 2023-04-06", "", "Headlines", "- One", "", "Details"] + details + ["", "Footer"]
            + footer).joined(separator: "\n") + "\n"
    }

    @Test("an indented footer line starting with # stays footer text after printing")
    func indentedHashInFooter() {
        let source = Self.issue(details: ["- One."], footer: ["Issue", "  #1 of the year."])
        let parsed = Settings.thisRepository.parser.parse(source)
        #expect(parsed.diagnostics == [])
        #expect(parsed.issue.footer.body?.text == "Issue #1 of the year.")
        do {
            // Printed as "#1 of the year." in column 1, which is a comment.
            let reparsed = Settings.thisRepository.parser.parse(IssuePrinter.print(parsed.issue))
            #expect(reparsed.issue.footer.body?.text == "Issue #1 of the year.")
            #expect(reparsed.issue == parsed.issue)
        }
    }

    @Test("a combining mark after a continuation line's indentation is kept")
    func markAfterIndentation() throws {
        // "  \u{301}x": two spaces, then a combining acute accent (a mark that starts the text
        // only in a contrived file, but ZWJ and variation selectors behave the same way).
        let source = Self.issue(details: ["- First line", "  \u{301}second line"], footer: ["Footer text,", " \u{200D}second line"])
        let parsed = Settings.thisRepository.parser.parse(source)
        #expect(parsed.diagnostics.filter { $0.severity == .error } == [])
        let detailLines = try #require(parsed.issue.details.items.first?.body.lines)
        do {
            #expect(detailLines.last?.text == "\u{301}second line")
            #expect(parsed.issue.footer.body?.lines.last?.text == "\u{200D}second line")
        }
        // The columns are right; only the text lost its first scalar.
        #expect(detailLines.last?.location.range.start == SourcePosition(line: 9, column: 3))
    }

    @Test("a detail continuation line that is only a section's name is text")
    func headingWordInsideDetail() {
        // The importer wraps details with TextWrapper, which may leave one word on a line.
        let source = Self.issue(details: ["- Read the statement for all the", "  details"])
        let parsed = Settings.thisRepository.parser.parse(source)
        do {
            #expect(parsed.diagnostics == [])
            #expect(parsed.issue.details.items.first?.body.text == "Read the statement for all the details")
        }
    }

    @Test("a heading with leading spaces is still recognised as a misspelt heading")
    func indentedHeadingAfterBlankLine() {
        let source = Self.issue(details: ["- One."]).replacingOccurrences(of: "\nFooter\n", with: "\n  Footer\n")
        let parsed = Settings.thisRepository.parser.parse(source, path: "x.issue")
        #expect(
            parsed.formattedDiagnostics == [
                "x.issue:10:1: error: write the section heading as \"Footer\", alone on its line [format.section]"
            ])
        #expect(parsed.issue.footer.body?.text == "The footer.")
    }

    @Test("more than 200 problems are cut short with a note")
    func diagnosticLimit() {
        let bullets = (1...250).map { "• headline \($0)" }
        let source = Self.issue(details: ["- One."]).replacingOccurrences(of: "- One\n", with: bullets.joined(separator: "\n") + "\n")
        let diagnostics = Settings.thisRepository.parser.parse(source).diagnostics
        #expect(diagnostics.count == IssueParser.diagnosticLimit + 1)
        #expect(diagnostics.last?.severity == .note)
        #expect(diagnostics.last?.rule == "format.limit")
        #expect(diagnostics.last?.message == "50 more problems in this file are not shown; mend these first")
        // The problems shown are the first ones in the file.
        #expect(diagnostics.first?.range.start == SourcePosition(line: 5, column: 1))
    }

    @Test("fixes replace the offending text with what the message asks for")
    func fixes() throws {
        let source = Self.issue(details: ["- One."])
            .replacingOccurrences(of: "Headlines\n- One", with: "headlines:\n•  One")
            .replacingOccurrences(of: "Date:", with: "date:")
        let diagnostics = Settings.thisRepository.parser.parse(source).diagnostics.sortedAndDeduplicated()
        #expect(diagnostics.compactMap(\.fix).map(\.replacement) == ["Date", "Headlines", "- "])
        let bulletFix = try #require(diagnostics.last?.fix)
        #expect(bulletFix.range == SourceRange(start: SourcePosition(line: 5, column: 1), length: 3))
    }

    @Test("a title pattern from the settings decides what a title is")
    func customTitlePattern() throws {
        let parser = IssueParser(titlePattern: try TitlePattern("{name} — Issue {volume}/{number}"), publicationName: "Pacific Notes")
        let source = Self.issue(details: ["- One."]).replacingOccurrences(
            of: "US-Japan Alliance Digest Vol 2.6", with: "Pacific Notes — Issue 3/14")
        let parsed = parser.parse(source)
        #expect(parsed.diagnostics == [])
        #expect(parsed.issue.title?.name == "Pacific Notes")
        #expect(parsed.issue.title?.volumeAndNumber == "3.14")
        // The Alliance Digest's pattern refuses the same title, and says which shape it expects.
        let refused = Settings.thisRepository.parser.parse(source, path: "p.issue")
        #expect(
            refused.formattedDiagnostics == [
                "p.issue:1:1: error: the title must have the form \"{name} Vol {volume}.{number}\", such as \"US-Japan Alliance Digest Vol 2.6\" [format.title]"
            ])
        // And a title of the Alliance Digest's form is shown one of this publication's.
        let misnamed = parser.parse(Self.issue(details: ["- One."]), path: "n.issue")
        #expect(
            misnamed.formattedDiagnostics == [
                "n.issue:1:1: error: the title must have the form \"{name} — Issue {volume}/{number}\", such as \"Pacific Notes — Issue 2/6\" [format.title]"
            ])
    }

    @Test("columns count Unicode scalars, so a curly quote is one column")
    func columnsCountScalars() {
        // "- “Japan’s” " is 12 scalars (and 18 bytes), so the asterisk is in column 13.
        let source = Self.issue(details: ["- “Japan’s” *plan"])
        let parsed = Settings.thisRepository.parser.parse(source, path: "q.issue")
        #expect(parsed.formattedDiagnostics.map { $0.prefix(14) } == ["q.issue:8:13: "])
    }
}
