import DigestCore

/// A word is not run into an opening bracket or quote, nor a closing one into a word.
public struct SpaceBeforeBracketRule: Rule {
    public static let description = RuleDescription(
        identifier: "space-before-bracket",
        summary: "A space comes before an opening bracket or quote and after a closing one",
        rationale: "\"Infrastructure(DEI)\" and \"said“the\" read as one word.",
        severity: .error, scope: .prose,
        triggering: [
            RuleExample("Daiwa Energy & Infrastructure↓(DEI) is part of the group.").expecting("put a space before \"(\""),
            RuleExample("The minister said↓“we are ready.”").expecting("put a space before \"“\""),
            RuleExample("The committee (EPCC)↓met in Washington.").expecting("put a space after \")\""),
        ],
        nonTriggering: [
            RuleExample("Daiwa Energy & Infrastructure (DEI), Todd Young (R-Ind) and the “Economic 2+2”."),
            RuleExample("Read [the statement](https://www.mofa.go.jp/a_o/na/page4e_001.html) first."),
        ],
        corrections: [
            RuleCorrection(
                "Daiwa Energy & Infrastructure(DEI) is part of the group.", "Daiwa Energy & Infrastructure (DEI) is part of the group.")
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for item in context.prose {
            let text = item.text
            let scalars = text.scalars
            for index in scalars.indices.dropFirst() where !text.isMarkup[index] && !text.isMarkup[index - 1] {
                let before = scalars[index - 1]
                let scalar = scalars[index]
                if ScalarSet.openingBrackets.contains(scalar), before.isLetter || before.isDigit {
                    findings.append(
                        Finding(
                            range: text.range(index, 1), message: "put a space before \"\(Character(scalar))\"",
                            fix: text.fix(index, 0, " ")))
                } else if ScalarSet.closingBrackets.contains(before), scalar.isLetter {
                    findings.append(
                        Finding(
                            range: text.range(index, 1), message: "put a space after \"\(Character(before))\"",
                            fix: text.fix(index, 0, " ")))
                }
            }
        }
        return findings
    }
}
