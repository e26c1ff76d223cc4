import DigestCore

/// Words are separated by one space.
public struct DoubleSpaceRule: Rule {
    public static let description = RuleDescription(
        identifier: "double-space",
        summary: "One space between words and after a sentence",
        rationale: "Doubled spaces render unevenly in mail clients and are a typing slip.",
        severity: .warning, scope: .prose,
        triggering: [
            RuleExample("The allies met↓  in Tokyo.").expecting("use one space here, not 2"),
            RuleExample("The talks ended.↓  The next round is in May.").expecting("use one space here, not 2"),
        ],
        nonTriggering: [RuleExample("The allies met in Tokyo. The next round is in May.")],
        corrections: [RuleCorrection("The allies met   in Tokyo.", "The allies met in Tokyo.")])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for item in context.prose {
            let text = item.text
            var index = 0
            while index < text.scalars.count {
                guard text.scalars[index] == " " else {
                    index += 1
                    continue
                }
                var end = index
                while end < text.scalars.count, text.scalars[end] == " " { end += 1 }
                if end - index > 1 {
                    findings.append(
                        Finding(
                            range: text.range(index, end - index), message: "use one space here, not \(end - index)",
                            fix: text.fix(index, end - index, " ")))
                }
                index = end
            }
        }
        return findings
    }
}
