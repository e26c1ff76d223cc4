import DigestCore
import DigestTestSupport
import Foundation
import Testing

/// Settings values are trimmed without Foundation when that is sure to give the same text.
@Suite("Trimming white space as Foundation does")
struct WhitespaceTrimmingTests {
    /// Characters trimmed or not, at either end, in ASCII and beyond it.
    static let pieces = [
        "a", "Z", "0", "“", "”", "’", "é", "日", "-", ".", "$", "€", " ", "\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}",
        "\u{A0}", "\u{2003}", "\u{200B}", "\u{2028}", "\u{2029}", "\u{3000}", "\u{FEFF}", "\u{301}", "\u{1}", "\u{7F}",
    ]

    @Test("gives what trimmingCharacters(in:) gives, for random texts of trimmed and kept characters")
    func sameAsFoundation() {
        var random = SplitMix64.forTest(seed: 0x7_21_A1)
        var texts = ["", " ", "10 MB", " MB", "“US-Japan Alliance Digest” is ", "\n\tx\n", "a\u{301}"]
        for _ in 0..<4_000 {
            texts.append((0..<Int.random(in: 1...6, using: &random)).map { _ in Self.pieces.randomElement(using: &random)! }.joined())
        }
        for text in texts {
            #expect(text.trimmingWhitespaceAndNewlines == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(text.debugDescription)")
            #expect(text.trimmingWhitespace == text.trimmingCharacters(in: .whitespaces), "\(text.debugDescription)")
            let slice = text.dropFirst()
            #expect(slice.trimmingWhitespace == slice.trimmingCharacters(in: .whitespaces), "\(text.debugDescription)")
        }
    }
}
