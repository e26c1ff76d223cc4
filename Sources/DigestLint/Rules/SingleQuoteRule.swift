import DigestCore

/// Single curly quotes come in pairs: ‘Black Ship’ Festival.
public struct SingleQuoteRule: Rule {
    public static let description = RuleDescription(
        identifier: "single-quotes",
        summary: "Every opening single quote ‘ is closed with ’, and no ’ closes a quote never opened",
        rationale: """
            The closing single quote is also the apostrophe, so an unclosed ‘ slips past a check \
            of pairs. A ’ counts as closing a quote when it ends a word (not Japan’s), and after \
            an s it may be a plural possessive (the allies’ plans) instead.
            """,
        severity: .warning, scope: .prose,
        triggering: [
            RuleExample("The ship joined the ↓‘Black Ship Festival in Shimoda.").expecting(
                "this quote ‘ is never closed; add ’ where it ends"),
            RuleExample("The alliance is the cornerstone↓’ of the region.").expecting(
                "this closing quote ’ has no opening ‘; add ‘ where the quotation starts"),
        ],
        nonTriggering: [
            RuleExample("The ship joined the ‘Black Ship’ Festival; Japan’s and the allies’ plans from the ’90s went on."),
            RuleExample("Kishida said “the ‘new era’ starts now.”"),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for item in context.prose {
            let text = item.text
            let scalars = text.scalars
            var open: [Int] = []
            for index in scalars.indices where !text.isMarkup[index] {
                if scalars[index] == "‘" {
                    open.append(index)
                    continue
                }
                guard scalars[index] == "’" else { continue }
                let before = text[safe: index - 1]
                let after = text[safe: index + 1]
                // An apostrophe inside a word (Japan’s) or before one (’90s) closes nothing.
                guard let before, before != " ", after.map({ !Word.isWordScalar($0) }) ?? true else { continue }
                if open.popLast() != nil { continue }
                // After an s it may be a plural possessive: the allies’ plans.
                if before == "s" || before == "S" { continue }
                findings.append(
                    Finding(range: text.range(index, 1), message: "this closing quote ’ has no opening ‘; add ‘ where the quotation starts")
                )
            }
            for offset in open {
                findings.append(Finding(range: text.range(offset, 1), message: "this quote ‘ is never closed; add ’ where it ends"))
            }
        }
        return findings
    }
}
