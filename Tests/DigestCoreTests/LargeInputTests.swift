import DigestCore
import DigestTestSupport
import Foundation
import Testing

/// A pasted document or a runaway script must not hang or crash `digest lint` in a
/// pre-commit hook. These tests assert that parsing completes and what it finds; they do
/// not time it (speed is shown by benchmarks, not by timed tests).
@Suite("Large inputs")
struct LargeInputTests {
    static let tenMegabytes = 10 * 1024 * 1024

    /// A complete issue around one detail whose text is `detail` (already indented when it
    /// spans several lines).
    static func issue(withDetail detail: String) -> String {
        """
        US-Japan Alliance Digest Vol 2.6
        Date: 2023-04-06

        Headlines
        - One long story

        Details
        - \(detail)

        Footer
        The footer.

        """
    }

    /// `count` characters of ordinary ASCII prose: words of 3 to 9 letters and single spaces.
    static func prose(scalars count: Int) -> String {
        var generator = SplitMix64.forTest(seed: 10)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 10)
        while bytes.count < count {
            for _ in 0..<Int.random(in: 3...9, using: &generator) { bytes.append(UInt8.random(in: 0x61...0x7A, using: &generator)) }
            bytes.append(0x20)
        }
        bytes.removeLast(bytes.count - count)
        if bytes.last == 0x20 { bytes[bytes.count - 1] = 0x61 }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test("a 10 MB detail on one line parses")
    func tenMegabyteDetailOnOneLine() {
        let detail = Self.prose(scalars: Self.tenMegabytes)
        let parsed = Settings.thisRepository.parser.parse(Self.issue(withDetail: detail))
        #expect(parsed.diagnostics == [])
        #expect(parsed.issue.details.items.first?.body.text.unicodeScalars.count == Self.tenMegabytes)
    }

    @Test("a 1 MB detail wrapped over 13,000 lines parses")
    func oneMegabyteDetailWrapped() {
        // The 10 MB version below is too slow to run by default; this one keeps the
        // many-lines path covered on every run.
        let lines = TextWrapper.wrap(Self.prose(scalars: 1024 * 1024), width: 76)
        let parsed = Settings.thisRepository.parser.parse(Self.issue(withDetail: lines.joined(separator: "\n  ")))
        #expect(parsed.diagnostics == [])
        #expect(parsed.issue.details.items.first?.body.lines.count == lines.count)
        #expect(parsed.issue.details.items.first?.body.lines.last?.location.range.start.line == 7 + lines.count)
    }

    // IssueParser appends lines and items in place and maps markup problems through a line
    // table, so a detail of many lines and a list of many items parse in linear time.
    @Test("a 10 MB detail wrapped over many lines parses")
    func tenMegabyteDetailWrapped() {
        let lines = TextWrapper.wrap(Self.prose(scalars: Self.tenMegabytes), width: 76)
        let parsed = Settings.thisRepository.parser.parse(Self.issue(withDetail: lines.joined(separator: "\n  ")))
        #expect(parsed.diagnostics == [])
        #expect(parsed.issue.details.items.first?.body.lines.count == lines.count)
    }

    @Test("10 MB of one-line headlines and of broken markup on many lines parse")
    func tenMegabytesOfItemsAndProblems() {
        let headlines = String(repeating: "- a headline\n", count: Self.tenMegabytes / 13)
        let manyItems = Settings.thisRepository.parser.parse(
            Self.issue(withDetail: "One detail.").replacingOccurrences(
                of: "- One long story\n", with: headlines))
        #expect(manyItems.issue.headlines.items.count == Self.tenMegabytes / 13)

        let brokenLines = String(repeating: "a *b\n  ", count: Self.tenMegabytes / 8) + "end"
        let manyProblems = Settings.thisRepository.parser.parse(Self.issue(withDetail: brokenLines))
        #expect(manyProblems.diagnostics.count == IssueParser.diagnosticLimit + 1)
    }

    @Test("10 MB of markup characters in a detail parses, with a bounded list of problems")
    func tenMegabytesOfMarkupJunk() {
        let junk = String(repeating: "*[(", count: Self.tenMegabytes / 3)
        let parsed = Settings.thisRepository.parser.parse(Self.issue(withDetail: junk))
        #expect(parsed.diagnostics.containsErrors)
        #expect(parsed.diagnostics.count <= IssueParser.diagnosticLimit + 1)
    }

    // Each "](" starts an address that runs to the next space or closing bracket; read a
    // character at a time from each one, a megabyte without a space took hours.
    @Test("256 KB of link addresses that are never closed, without a space, parses")
    func openAddresses() {
        let count = 256 * 1024 / 5
        let text = String(repeating: "[a](b", count: count)
        let result = InlineParser.parse(text)
        #expect(result.problems.count == count)
        #expect(result.problems.allSatisfy { $0.message.contains("the link's address is never closed") })
        #expect(result.markup.isEmpty)
    }

    @Test("long link addresses end where a character-by-character reading ends them")
    func longAddresses() {
        // Past 512 characters an address's end is looked up in a table: the same answers,
        // with brackets inside the address, a space before its end, or no end at all.
        let long = String(repeating: "x", count: 600)
        let cases: [(text: String, destination: String?)] = [
            ("[a](https://\(long)) after", "https://\(long)"),
            ("[a](https://\(long)(b)c) after", "https://\(long)(b)c"),
            ("[a](https://(\(long))) after", "https://(\(long))"),
            ("[a](https://\(long) b) after", nil),
            ("[a](https://\(long)((b) after", nil),
            ("[a](https://\(long)", nil),
            ("*[a](https://\(long))* after", "https://\(long)"),
        ]
        for (text, destination) in cases {
            let inlines = InlineParser.parse(text).inlines
            let found = inlines.flatMap { inline -> [String] in
                switch inline {
                case .link(_, let destination): [destination]
                case .emphasis(let children): children.compactMap { if case .link(_, let destination) = $0 { destination } else { nil } }
                default: []
                }
            }
            #expect(found == (destination.map { [$0] } ?? []), "\(text.prefix(30))")
        }
    }
}
