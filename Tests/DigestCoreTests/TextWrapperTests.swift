import DigestCore
import DigestTestSupport
import Testing

/// The importer and `digest new` wrap footers and details with TextWrapper; what it writes
/// must read back as the same paragraph.
@Suite("TextWrapper")
struct TextWrapperTests {
    @Test("short text stays on one line")
    func shortText() {
        #expect(TextWrapper.wrap("Japan and the US", width: 76) == ["Japan and the US"])
        #expect(TextWrapper.wrap("exactly ten", width: 11) == ["exactly ten"])
        #expect(TextWrapper.wrap("", width: 10) == [""])
    }

    @Test("lines break at the last space that fits")
    func greedyBreaks() {
        #expect(TextWrapper.wrap("aaa bbb ccc ddd", width: 7) == ["aaa bbb", "ccc ddd"])
        #expect(TextWrapper.wrap("aaa bbb ccc ddd", width: 8) == ["aaa bbb", "ccc ddd"])
        #expect(TextWrapper.wrap("aaa bbb ccc ddd", width: 11) == ["aaa bbb ccc", "ddd"])
    }

    @Test("a word longer than the width gets a line of its own")
    func longWord() {
        #expect(
            TextWrapper.wrap("see https://example.org/a/very/long/path now", width: 10)
                == ["see", "https://example.org/a/very/long/path", "now"])
    }

    @Test("never breaks at a double space")
    func doubleSpace() {
        // Joining with one space would lose the second space.
        #expect(TextWrapper.wrap("aaaa  bbbb cccc", width: 6) == ["aaaa  bbbb", "cccc"])
    }

    @Test("never breaks before #, which would start a comment line")
    func neverBeforeHash() {
        #expect(TextWrapper.wrap("we are #1 in the list", width: 6) == ["we", "are #1", "in the", "list"])
    }

    @Test("widths count Unicode scalars")
    func widthInScalars() {
        // “Alliance” is 10 scalars but 14 bytes.
        #expect(TextWrapper.wrap("“Alliance” “Digest”", width: 10) == ["“Alliance”", "“Digest”"])
    }

    @Test("random text: lines fit, breaks are safe, and joining gives back the text")
    func randomText() {
        var generator = SplitMix64.forTest(seed: 76)
        let pieces = [
            "a", "bb", "word", "Japan’s", "“quote”", "#", "#1", " ", " ", " ", "  ", "https://example.org/long/address", "-", "日米",
        ]
        for _ in 0..<400 {
            let text = (0..<Int.random(in: 0...40, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let width = Int.random(in: 1...30, using: &generator)
            let lines = TextWrapper.wrap(text, width: width)
            #expect(lines.joined(separator: " ") == text, "width \(width): \(text.debugDescription)")
            for (index, line) in lines.enumerated() {
                if line.unicodeScalars.count > width {
                    // Only a line that could not break (no single space in it) may be too long.
                    #expect(!Self.hasBreakableSpace(line), "width \(width): \(line.debugDescription) in \(text.debugDescription)")
                }
                if index > 0 {
                    #expect(!line.hasPrefix("#"), "\(text.debugDescription)")
                    #expect(!line.hasPrefix(" "), "\(text.debugDescription)")
                }
                if index < lines.count - 1 {
                    #expect(!line.hasSuffix(" "), "\(text.debugDescription)")
                }
            }
        }
    }

    /// Whether the line has a space TextWrapper could break at: single, inside, not before `#`.
    static func hasBreakableSpace(_ line: String) -> Bool {
        let scalars = Array(line.unicodeScalars)
        return scalars.indices.contains { index in
            scalars[index] == " " && index > 0 && index + 1 < scalars.count
                && scalars[index - 1] != " " && scalars[index + 1] != " " && scalars[index + 1] != "#"
        }
    }
}
