import DigestCore

/// No space before a comma, full stop, colon, semicolon, question mark or closing bracket.
public struct SpaceBeforePunctuationRule: Rule {
    public static let description = RuleDescription(
        identifier: "space-before-punctuation",
        summary: "No space before , . ; : ? ! or a closing bracket",
        rationale: "A space before punctuation can break the line before the mark in a narrow mail window.",
        severity: .error, scope: .prose,
        triggering: [
            RuleExample("The allies met in Tokyo↓ , and then in Seoul↓ .").expecting(
                "delete the space before \",\"", "delete the space before \".\"")
        ],
        nonTriggering: [RuleExample("The allies met in Tokyo, and then in Seoul (on .5 days’ notice) … twice.")],
        corrections: [RuleCorrection("The allies met in Tokyo , and then in Seoul .", "The allies met in Tokyo, and then in Seoul.")])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for item in context.prose {
            let text = item.text
            let scalars = text.scalars
            for index in scalars.indices.dropFirst()
            where ScalarSet.closingPunctuation.contains(scalars[index]) && scalars[index - 1] == " " {
                // ".5" is a number; "…" and ". . ." are ellipses.
                if scalars[index] == ".", let next = text[safe: index + 1], next.isDigit || next == "." { continue }
                var start = index - 1
                while start > 0, scalars[start - 1] == " " { start -= 1 }
                guard start > 0 else { continue }
                findings.append(
                    Finding(
                        range: text.range(start, index - start), message: "delete the space before \"\(Character(scalars[index]))\"",
                        fix: text.fix(start, index - start, "")))
            }
        }
        return findings
    }
}
