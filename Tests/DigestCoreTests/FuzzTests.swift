import DigestCore
import DigestTestSupport
import Foundation
import Testing

/// Whatever an editor (or a broken tool) saves, the parser must not trap, must say when the
/// issue is incomplete, must point inside the file, and must only call a file well-formed
/// when `digest format` can rewrite it without changing what it says.
///
/// The inputs come from fixed seeds, so a failure names a case that reproduces on every
/// machine: `case 17 of "token soup"` is `Self.tokenSoup(seed: 17)`.
@Suite("Fuzzing")
struct FuzzTests {
    // MARK: Generators

    /// Pieces of the format itself, so random text often comes close to an issue.
    static let tokens: [String] = [
        "US-Japan Alliance Digest Vol 2.6", "Vol", "0.3", "Date: ", "2023-04-06", "2023-02-30", "Image Source: ", "Reuters",
        "Author: ", "Headlines", "Details", "Footer", "Headlines:", "footer", "- ", "-", "--", "-   ", "• ", "* ", "#", "# note",
        "*", "**", "\\", "\\*", "[", "]", "](", "(", ")", "https://example.org/a_(b)", "mailto:", "javascript:", "word", "Japan’s",
        "“", "”", "日米", "é", "e\u{301}", "🇯🇵", "\u{FEFF}", "\u{7}", "\u{85}", "2 * 3", "\n", "\n", "\n", "\n", "\n  ", "\n\n",
        "\r\n", "\r", "\t", " ", " ", "  ",
    ]

    /// Random bytes: with `allowNUL` false, none is 0, so the file is read as text.
    static func randomBytes(seed: UInt64, allowNUL: Bool) -> [UInt8] {
        var generator = SplitMix64(seed: seed)
        let count = [0, 1, 2, 10, 100, 1000].randomElement(using: &generator)! + Int.random(in: 0...20, using: &generator)
        return (0..<count).map { _ in UInt8.random(in: allowNUL ? 0...255 : 1...255, using: &generator) }
    }

    /// Random text made of the format's own tokens.
    static func tokenSoup(seed: UInt64) -> [UInt8] {
        var generator = SplitMix64(seed: seed)
        let count = Int.random(in: 0...120, using: &generator)
        return Array((0..<count).map { _ in tokens.randomElement(using: &generator)! }.joined().utf8)
    }

    /// Well-formed issues with a few random edits: a line deleted, duplicated or swapped,
    /// bytes inserted or flipped, a token inserted, or the file cut short.
    static func mutation(seed: UInt64, of original: [UInt8]) -> [UInt8] {
        var generator = SplitMix64(seed: seed)
        var lines = original.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        var bytes = original
        for _ in 0..<Int.random(in: 1...3, using: &generator) {
            let kind = Int.random(in: 0..<8, using: &generator)
            if kind < 4 {
                // Line edits work on the lines of the current bytes.
                lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
                let index = Int.random(in: 0..<lines.count, using: &generator)
                let other = Int.random(in: 0..<lines.count, using: &generator)
                switch kind {
                case 0: lines.remove(at: index)
                case 1: lines.insert(lines[index], at: other)
                case 2: lines.swapAt(index, other)
                default: lines[index] = Array(tokens.randomElement(using: &generator)!.utf8) + lines[index]
                }
                bytes = Array(lines.joined(separator: [0x0A]))
                continue
            }
            let position = Int.random(in: 0...bytes.count, using: &generator)
            switch kind {
            case 4:
                let inserted = (0..<Int.random(in: 1...4, using: &generator)).map { _ in UInt8.random(in: 1...255, using: &generator) }
                bytes.insert(contentsOf: inserted, at: position)
            case 5:
                bytes.removeSubrange(position...)
            case 6 where !bytes.isEmpty:
                let index = min(position, bytes.count - 1)
                bytes[index] ^= UInt8(1) << UInt8.random(in: 0...7, using: &generator)
            default:
                bytes.insert(contentsOf: Array(tokens.randomElement(using: &generator)!.utf8), at: position)
            }
        }
        return bytes
    }

    /// Words and markup that may appear inside a headline, detail or footer line.
    static let textTokens: [String] = [
        "Japan", "alliance", "Kishida", "met", "on", "March", "8,", "2023.", "*first*", "**strong**", "*a **b** c*",
        "[the statement](https://www.mofa.go.jp/)", "[Quad](https://en.wikipedia.org/wiki/Quad_(alliance))", "2 * 3", "[sic]",
        "\\*", "\\[x\\]", "#1", "#", "“quoted”", "Japan’s", "日米", "e\u{301}", "🇯🇵", "-", "- x", "•", "Vol 2.6", "Date:", "US$200",
        "100%", "a_(b)", ":", "detail", "headline",
    ]

    /// Marks that join the character before them, a space included; rarer than words.
    static let joiningMarks = ["\u{301}x", "\u{200D}", "\u{FE0F}"]

    /// An issue built from the format's parts with random, mostly harmless variations:
    /// comments and blank lines anywhere, fields in either order, extra spaces after "-",
    /// continuation lines indented by one to four spaces, an indented footer, CRLF, tabs,
    /// trailing spaces. Most of these are well-formed, so they exercise the round trip.
    static func randomIssue(seed: UInt64) -> [UInt8] {
        var generator = SplitMix64(seed: seed)
        func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &generator) < percent }
        func text(_ range: ClosedRange<Int>) -> String {
            (0..<Int.random(in: range, using: &generator)).map { _ in
                (chance(2) ? joiningMarks : textTokens).randomElement(using: &generator)!
            }
            .joined(separator: chance(10) ? "  " : " ")
        }
        var lines: [String] = []
        func comments() {
            while chance(20) { lines.append(chance(50) ? "# note \(lines.count)" : "#") }
            if chance(10) { lines.append("") }
        }
        comments()
        lines.append(
            chance(95)
                ? "US-Japan Alliance Digest Vol \(Int.random(in: 1...3, using: &generator)).\(Int.random(in: 1...26, using: &generator))"
                : text(1...4))
        var fields = [
            "Date:" + String(repeating: " ", count: Int.random(in: 0...2, using: &generator)) + (chance(95) ? "2023-04-06" : text(1...1))
        ]
        if chance(30) { fields.append("Image: lead-\(lines.count).jpg") }
        if chance(25) { fields.append("Image Alt: " + text(1...4)) }
        if chance(60) { fields.append("Image Source: " + text(1...3)) }
        if chance(30) { fields.shuffle(using: &generator) }
        for field in fields {
            comments()
            lines.append(field)
        }
        for (heading, maxLines) in [("Headlines", 1), ("Details", 4)] {
            lines.append("")
            comments()
            lines.append(heading)
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                comments()
                lines.append("-" + String(repeating: " ", count: Int.random(in: 1...3, using: &generator)) + text(1...8))
                for _ in 1..<Int.random(in: 1...maxLines, using: &generator) {
                    comments()
                    lines.append(String(repeating: " ", count: Int.random(in: 1...4, using: &generator)) + text(1...8))
                }
            }
        }
        lines.append("")
        comments()
        lines.append("Footer")
        for _ in 0..<Int.random(in: 1...3, using: &generator) {
            comments()
            lines.append(String(repeating: " ", count: chance(20) ? Int.random(in: 1...2, using: &generator) : 0) + text(1...8))
        }
        comments()
        // Whitespace an editor might leave behind.
        lines = lines.map { chance(5) ? $0 + (chance(50) ? "  " : "\t") : $0 }
        let ending = chance(20) ? "\r\n" : "\n"
        return Array(((chance(5) ? "\u{FEFF}" : "") + lines.joined(separator: ending) + (chance(90) ? ending : "")).utf8)
    }

    // MARK: The properties

    /// Checks every property on one input; `label` names the case in failures.
    static func checkProperties(of bytes: [UInt8], label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let parsed = Settings.thisRepository.parser.parse(bytes: bytes, path: "fuzz.issue")
        let context = "\(label): \(Self.describe(bytes))"
        // Positions are inside the file: a line that exists (or the one after the last),
        // a column from 1.
        let lineCount = bytes.count { $0 == 0x0A } + (bytes.last == 0x0A || bytes.isEmpty ? 0 : 1)
        for diagnostic in parsed.diagnostics {
            let start = diagnostic.range.start
            #expect(
                (1...lineCount + 1).contains(start.line) && start.column >= 1,
                "\(diagnostic.formatted) — \(context)", sourceLocation: sourceLocation)
        }

        // Every line of text kept in the issue is what the file says at that line and column,
        // so a diagnostic's column lands on the right character. (Files with encoding errors
        // are left out: their text holds U+FFFD where the bytes were.)
        if !parsed.diagnostics.contains(where: { $0.rule == "format.encoding" }) {
            let fileLines = Self.decodedLines(bytes)
            for line in Self.textLines(of: parsed.issue) {
                let start = line.location.range.start
                let fileLine = start.line <= fileLines.count ? fileLines[start.line - 1] : []
                let written = Array(fileLine.dropFirst(start.column - 1).prefix(line.text.unicodeScalars.count))
                #expect(
                    written == Array(line.text.unicodeScalars),
                    "line \(start) is \(line.text.debugDescription) — \(context)", sourceLocation: sourceLocation)
            }
        }

        // An incomplete issue always comes with an error.
        let issue = parsed.issue
        let missing = [
            (issue.title == nil, "title"), (issue.date == nil, "date"),
            (issue.headlines.heading == nil, "Headlines"), (issue.details.heading == nil, "Details"),
            (issue.headlines.items.isEmpty, "headlines"), (issue.details.items.isEmpty, "details"),
            (issue.footer.heading == nil, "Footer"), (issue.footer.body == nil, "footer text"),
        ].filter(\.0).map(\.1)
        if !missing.isEmpty {
            #expect(parsed.diagnostics.containsErrors, "no error, though missing \(missing) — \(context)", sourceLocation: sourceLocation)
        }

        // A well-formed file prints in a canonical form that says the same and is stable.
        guard !parsed.diagnostics.containsErrors else { return }
        let printed = IssuePrinter.print(issue)
        let reparsed = Settings.thisRepository.parser.parse(printed, path: "fuzz.issue")
        let details = "\(context)\nprinted: \(printed.debugDescription)"
        #expect(reparsed.diagnostics.map(\.formatted) == [], "\(details)", sourceLocation: sourceLocation)
        #expect(reparsed.issue == issue.withCanonicalFieldOrder, "\(details)", sourceLocation: sourceLocation)
        #expect(IssuePrinter.print(reparsed.issue) == printed, "\(details)", sourceLocation: sourceLocation)
    }

    /// The file's lines as SourceText reads them: without a byte-order mark or line ending,
    /// each tab one space.
    static func decodedLines(_ bytes: [UInt8]) -> [[Unicode.Scalar]] {
        var text = String(decoding: bytes, as: UTF8.self)
        if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
        return text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var scalars = Array(line)
            if scalars.last == "\r" { scalars.removeLast() }
            return scalars.map { $0 == "\t" ? " " : $0 }
        }
    }

    /// Every line of text in the issue: the title, headlines, details and footer.
    static func textLines(of issue: DigestCore.Issue) -> [TextLine] {
        var lines = (issue.headlines.items + issue.details.items).flatMap(\.body.lines) + (issue.footer.body?.lines ?? [])
        if let title = issue.title { lines.append(TextLine(text: title.text, location: title.location)) }
        return lines
    }

    /// The input as text a failure message can show, shortened.
    static func describe(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes.prefix(600), as: UTF8.self).debugDescription
        return bytes.count > 600 ? "\(text)… (\(bytes.count) bytes)" : text
    }

    // MARK: The tests

    @Test("random bytes")
    func randomBytes() {
        for seed in UInt64(0)..<150 {
            Self.checkProperties(of: Self.randomBytes(seed: seed, allowNUL: false), label: "case \(seed) of \"random bytes without NUL\"")
        }
        for seed in UInt64(0)..<50 {
            Self.checkProperties(of: Self.randomBytes(seed: seed, allowNUL: true), label: "case \(seed) of \"random bytes\"")
        }
    }

    @Test("token soup")
    func tokenSoup() {
        for seed in UInt64(0)..<300 {
            Self.checkProperties(of: Self.tokenSoup(seed: seed), label: "case \(seed) of \"token soup\"")
        }
    }

    @Test("random issues")
    func randomIssues() {
        for seed in UInt64(0)..<400 {
            Self.checkProperties(of: Self.randomIssue(seed: seed), label: "case \(seed) of \"random issues\"")
        }
    }

    @Test("mutations of the archive", arguments: TestFiles.archiveIssues())
    func archiveMutations(_ url: URL) throws {
        let original = try TestFiles.bytes(of: url)
        for seed in UInt64(0)..<100 {
            Self.checkProperties(
                of: Self.mutation(seed: seed, of: original), label: "case \(seed) of mutations of \(url.lastPathComponent)")
        }
    }

    @Test("mutations of the commented fixture")
    func commentedFixtureMutations() throws {
        // Comments everywhere exercise where comments attach after lines move around.
        let original = try TestFiles.fixtureBytes("Canonical/commented.issue")
        for seed in UInt64(0)..<150 {
            Self.checkProperties(of: Self.mutation(seed: seed, of: original), label: "case \(seed) of mutations of commented.issue")
        }
    }

    @Test("the generators produce both well-formed and broken inputs")
    func generatorsAreUseful() throws {
        // A fuzz test whose inputs are all rejected never reaches the round-trip property;
        // one whose inputs are all fine never tests error reporting.
        let original = try TestFiles.bytes(of: try #require(TestFiles.archiveIssues().first))
        let results = (UInt64(0)..<100).map {
            Settings.thisRepository.parser.parse(bytes: Self.mutation(seed: $0, of: original), path: "m").isWellFormed
        }
        #expect(results.count { $0 } >= 10)
        #expect(results.count { !$0 } >= 10)
        // Most random issues are well-formed, so the round trip is really tested.
        let cleanIssues = (UInt64(0)..<100).filter { seed in
            Settings.thisRepository.parser.parse(bytes: Self.randomIssue(seed: seed), path: "r").isWellFormed
        }
        #expect(cleanIssues.count >= 50)
        // The same seed gives the same input.
        #expect(Self.tokenSoup(seed: 7) == Self.tokenSoup(seed: 7))
        #expect(Self.tokenSoup(seed: 7) != Self.tokenSoup(seed: 8))
    }
}
