import DigestCore

/// A slash joins two words without spaces: "Guam/Tinian", not "Guam/ Tinian".
public struct SlashSpacingRule: Rule {
    public static let description = RuleDescription(
        identifier: "slash-spacing",
        summary: "No space on one side only of a slash: \"DPRI/Guam\", not \"DPRI/ Guam\"",
        rationale: """
            A slash with a space after it (or only before it) is a slip of editing: the line may \
            break at the space, and the pair reads as two separate fragments.
            """,
        severity: .warning, scope: .prose,
        triggering: [
            RuleExample("The DPRI↓/ Guam plan and the co-development↓ /co-production talks.").expecting(
                "delete the space after the slash", "delete the space before the slash")
        ],
        nonTriggering: [RuleExample("The DPRI/Guam plan, public/private cooperation, the AN/TPY-2 and 24/7 watch and either / or.")],
        corrections: [RuleCorrection("The DPRI/ Guam plan.", "The DPRI/Guam plan.")])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for item in context.prose {
            let text = item.text
            let scalars = text.scalars
            for index in scalars.indices where scalars[index] == "/" && !text.isMarkup[index] {
                let before = text[safe: index - 1]
                let after = text[safe: index + 1]
                // Spaced on both sides ("either / or") is a choice; on one side only, a slip.
                if after == " ", let before, Word.isWordScalar(before) {
                    findings.append(
                        Finding(range: text.range(index, 2), message: "delete the space after the slash", fix: text.fix(index + 1, 1, "")))
                } else if before == " ", let after, Word.isWordScalar(after), index >= 2, Word.isWordScalar(scalars[index - 2]) {
                    findings.append(
                        Finding(
                            range: text.range(index - 1, 2), message: "delete the space before the slash", fix: text.fix(index - 1, 1, "")))
                }
            }
        }
        return findings
    }
}
