import DigestCore
import Testing

/// The markup subset of headlines and details (README.md, "Inside headlines and details").
@Suite("InlineParser")
struct InlineParserTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let source: String
        let inlines: [Inline]
        var testDescription: String { source }
    }

    static let wellFormed: [Case] = [
        Case(source: "plain words", inlines: [.text("plain words")]),
        Case(source: "a *first* meeting", inlines: [.text("a "), .emphasis([.text("first")]), .text(" meeting")]),
        Case(source: "**strong** start", inlines: [.strong([.text("strong")]), .text(" start")]),
        Case(source: "*a **b** c*", inlines: [.emphasis([.text("a "), .strong([.text("b")]), .text(" c")])]),
        Case(source: "**a *b* c**", inlines: [.strong([.text("a "), .emphasis([.text("b")]), .text(" c")])]),
        // An asterisk with a space after it is just an asterisk.
        Case(source: "2 * 3 = 6", inlines: [.text("2 * 3 = 6")]),
        Case(source: "2 * 3 * 4", inlines: [.text("2 * 3 * 4")]),
        Case(source: "\\*not emphasis\\*", inlines: [.text("*not emphasis*")]),
        Case(source: "a \\[b\\] \\(c\\) \\\\ d", inlines: [.text("a [b] (c) \\ d")]),
        // A backslash before anything else is itself.
        Case(source: "C:\\temp \\n", inlines: [.text("C:\\temp \\n")]),
        // A bracket without "(" after it is just a bracket.
        Case(source: "the [sic] text", inlines: [.text("the [sic] text")]),
        Case(source: "[a] (b)", inlines: [.text("[a] (b)")]),
        Case(
            source: "see [the statement](https://www.mofa.go.jp/) now",
            inlines: [.text("see "), .link(label: [.text("the statement")], destination: "https://www.mofa.go.jp/"), .text(" now")]),
        Case(
            source: "[Wiki](https://en.wikipedia.org/wiki/Quad_(alliance)).",
            inlines: [.link(label: [.text("Wiki")], destination: "https://en.wikipedia.org/wiki/Quad_(alliance)"), .text(".")]),
        Case(
            source: "[*new* **rules**](http://example.org/a(b(c)))",
            inlines: [
                .link(label: [.emphasis([.text("new")]), .text(" "), .strong([.text("rules")])], destination: "http://example.org/a(b(c))")
            ]),
        Case(
            source: "write [us](mailto:editor@example.org)",
            inlines: [.text("write "), .link(label: [.text("us")], destination: "mailto:editor@example.org")]),
        Case(
            source: "HTTPS ok: [x](HTTPS://EXAMPLE.ORG)",
            inlines: [.text("HTTPS ok: "), .link(label: [.text("x")], destination: "HTTPS://EXAMPLE.ORG")]),
        Case(source: "*[label](https://a.org)*", inlines: [.emphasis([.link(label: [.text("label")], destination: "https://a.org")])]),
        // Three asterisks are not markup.
        Case(source: "***", inlines: [.text("***")]),
        Case(source: "", inlines: []),
    ]

    @Test("well-formed markup", arguments: wellFormed)
    func wellFormedMarkup(_ example: Case) {
        let result = InlineParser.parse(example.source)
        #expect(result.inlines == example.inlines)
        #expect(result.problems == [])
    }

    struct ProblemCase: CustomTestStringConvertible, Sendable {
        let source: String
        /// The offset and length of the one problem, in Unicode scalars of `source`.
        let offset: Int
        let length: Int
        let messageStart: String
        var testDescription: String { source }
    }

    static let problems: [ProblemCase] = [
        ProblemCase(source: "an *unclosed emphasis", offset: 3, length: 1, messageStart: "emphasis opened here is never closed"),
        ProblemCase(source: "an **unclosed strong", offset: 3, length: 2, messageStart: "strong emphasis opened here is never closed"),
        ProblemCase(source: "5*3", offset: 1, length: 1, messageStart: "emphasis opened here is never closed"),
        ProblemCase(source: "[x](https://a.org/b c)", offset: 3, length: 1, messageStart: "the link's address is never closed"),
        ProblemCase(source: "a [x](https://a.org", offset: 5, length: 1, messageStart: "the link's address is never closed"),
        ProblemCase(source: "a [](https://a.org) b", offset: 2, length: 17, messageStart: "the link has no text"),
        ProblemCase(source: "[x]() b", offset: 4, length: 1, messageStart: "the link has no address"),
        ProblemCase(source: "[x](javascript:alert(1))", offset: 4, length: 19, messageStart: "the link's address must start with https://"),
        ProblemCase(source: "[x](data:text/html,hi)", offset: 4, length: 17, messageStart: "the link's address must start with https://"),
        ProblemCase(source: "[x](ftp://a.org)", offset: 4, length: 11, messageStart: "the link's address must start with https://"),
        ProblemCase(source: "“[x](mailto:)”", offset: 5, length: 7, messageStart: "the link's address is only a scheme"),
    ]

    @Test("markup problems point at the offending characters", arguments: problems)
    func markupProblems(_ example: ProblemCase) throws {
        let result = InlineParser.parse(example.source)
        try #require(result.problems.count == 1, "\(result.problems)")
        let problem = result.problems[0]
        #expect(problem.offset == example.offset)
        #expect(problem.length == example.length)
        #expect(problem.message.hasPrefix(example.messageStart), "\(problem.message)")
    }

    @Test("a refused link keeps its words as plain text")
    func refusedLinkBecomesText() {
        // A reader of the rendered issue should still see the words, not a dangerous link.
        let result = InlineParser.parse("click [*here*](javascript:void(0)) now")
        #expect(result.inlines.allSatisfy { if case .link = $0 { false } else { true } })
        #expect(Inline.plainText(of: result.inlines) == "click here now")
    }

    @Test("unclosed markup is kept as the characters written")
    func unclosedMarkupIsLiteral() {
        #expect(
            Inline.plainText(of: InlineParser.parse("an *open and [shut](https://a.org").inlines) == "an *open and [shut](https://a.org")
        #expect(Inline.plainText(of: InlineParser.parse("**bold").inlines) == "**bold")
    }

    @Test("plain text of nested inlines drops every marker")
    func plainTextOfNestedInlines() {
        let inlines = InlineParser.parse("**Japan’s *new* [law](https://a.org/x_(y))** passed \\*twice\\*").inlines
        #expect(Inline.plainText(of: inlines) == "Japan’s new law passed *twice*")
        #expect(inlines.first?.plainText == "Japan’s new law")
    }

    @Test("offsets count Unicode scalars, not characters or bytes")
    func offsetsCountScalars() {
        // "é" written as e + combining accent is one character but two scalars; columns in
        // diagnostics count scalars (README.md), so the problem must be at offset 3.
        let result = InlineParser.parse("e\u{301}“ *x")
        #expect(result.problems.map(\.offset) == [4])
        let emoji = InlineParser.parse("🇯🇵 *x")
        #expect(emoji.problems.map(\.offset) == [3])
    }

    @Test("problems are found in a paragraph's joined text")
    func paragraphText() {
        // The opener and closer are on different source lines; joined with a space they match.
        let paragraph = Paragraph(lines: [
            TextLine(text: "a *long", start: SourcePosition(line: 3, column: 3)),
            TextLine(text: "story*", start: SourcePosition(line: 4, column: 3)),
        ])
        let result = InlineParser.parse(paragraph)
        #expect(result.problems == [])
        #expect(result.inlines == [.text("a "), .emphasis([.text("long story")])])
    }
}
