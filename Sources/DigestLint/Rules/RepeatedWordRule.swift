import DigestCore

/// No word or phrase is written twice in a row.
public struct RepeatedWordRule: Rule {
    /// Words that may legitimately come twice ("she had had enough", "that that").
    static let allowed: Set<String> = ["had", "that"]
    /// The longest phrase checked for repetition, in words.
    static let longestPhrase = 4

    public static let description = RuleDescription(
        identifier: "repeated-word",
        summary: "A word or phrase is not written twice in a row",
        rationale: "\"the the\" and \"met with met with\" are editing slips a reader notices at once.",
        severity: .error, scope: .prose,
        triggering: [
            RuleExample("Officials discussed the ↓the plan.").expecting("\"the\" is written twice; delete the second"),
            RuleExample("He also met with ↓met with State Department officials.").expecting(
                "\"met with\" is written twice; delete the second"),
            RuleExample("It changes the *↓the* schedule.").expecting("\"the\" is written twice; delete the second"),
        ],
        nonTriggering: [
            RuleExample("She had had enough of the talks."),
            RuleExample("Tamaki met with US Senators, and met with officials."),
            RuleExample("The Economic 2+2 met twice."),
        ],
        corrections: [
            RuleCorrection("He also met with met with officials.", "He also met with officials."),
            RuleCorrection("Officials discussed the the plan.", "Officials discussed the plan."),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for item in context.prose {
            let words = item.text.words
            let text = item.text
            var index = 0
            while index < words.count {
                var found = false
                for length in stride(from: min(Self.longestPhrase, (words.count - index) / 2), through: 1, by: -1) {
                    let first = words[index..<index + length]
                    let second = words[index + length..<index + 2 * length]
                    // Compared in place: copying the words to zip them retains their strings.
                    guard (0..<length).allSatisfy({ words[index + $0].lowercased == words[index + length + $0].lowercased }) else {
                        continue
                    }
                    if length == 1, Self.allowed.contains(first.first!.lowercased) { continue }
                    // Only words separated by spaces (and markup) repeat: "met with, met with" is deliberate.
                    let gapStart = first.last!.offset + first.last!.length
                    let gapEnd = second.first!.offset
                    let gap = gapStart..<gapEnd
                    guard gap.allSatisfy({ text.scalars[$0] == " " || text.isMarkup[$0] }), gap.contains(where: { text.scalars[$0] == " " })
                    else { continue }
                    let secondStart = second.first!.offset
                    let secondEnd = second.last!.offset + second.last!.length
                    let phrase = first.map(\.text).joined(separator: " ")
                    // Delete the second occurrence and the space after it, so a line break
                    // before it stays where the editor put it; with markup around it, no fix.
                    let plainGap = gap.allSatisfy { text.scalars[$0] == " " }
                    let fix: Fix? =
                        !plainGap
                        ? nil
                        : text[safe: secondEnd] == " "
                            ? text.fix(secondStart, secondEnd - secondStart + 1, "") : text.fix(gapStart, secondEnd - gapStart, "")
                    findings.append(
                        Finding(
                            range: text.range(secondStart, secondEnd - secondStart),
                            message: "\"\(phrase)\" is written twice; delete the second", fix: fix))
                    index += 2 * length
                    found = true
                    break
                }
                if !found { index += 1 }
            }
        }
        return findings
    }
}
