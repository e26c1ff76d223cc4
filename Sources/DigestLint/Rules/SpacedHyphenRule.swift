import DigestCore

/// A hyphen with a space on each side is a dash typed in a hurry: "Tokyo - the capital".
public struct SpacedHyphenRule: Rule {
    public static let description = RuleDescription(
        identifier: "spaced-hyphen",
        summary: "No hyphen standing alone between spaces: use an em dash (—) or a comma",
        rationale: """
            A hyphen joins words; standing alone between spaces it reads as a stray mark, and a \
            mail client may break the line before it. The digest writes an em dash without spaces, \
            or a comma.
            """,
        severity: .warning, scope: .prose,
        triggering: [
            RuleExample("The sale of five aircraft to Japan↓ - worth $1.38 billion↓ - was approved.").expecting(
                "write an em dash without spaces (—), or a comma, not a spaced hyphen",
                "write an em dash without spaces (—), or a comma, not a spaced hyphen")
        ],
        nonTriggering: [RuleExample("The sale—worth $1.38 billion—of co-developed aircraft, from 2022-2023, was approved.")],
        corrections: [RuleCorrection("Japan - and Korea.", "Japan—and Korea.")])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for item in context.prose {
            let text = item.text
            let scalars = text.scalars
            for index in scalars.indices.dropFirst().dropLast()
            where (scalars[index] == "-" || scalars[index] == "‐") && scalars[index - 1] == " " && scalars[index + 1] == " "
                && !text.isMarkup[index]
            {
                findings.append(
                    Finding(
                        range: text.range(index - 1, 3), message: "write an em dash without spaces (—), or a comma, not a spaced hyphen",
                        fix: text.fix(index - 1, 3, "—")))
            }
        }
        return findings
    }
}
