import DigestCore

/// Quotes and brackets come in pairs.
public struct BalancedPunctuationRule: Rule {
    static let pairs: [(open: Unicode.Scalar, close: Unicode.Scalar, name: String)] = [
        ("“", "”", "quote"), ("(", ")", "bracket"), ("[", "]", "square bracket"),
    ]

    public static let description = RuleDescription(
        identifier: "balanced-punctuation",
        summary: "Every opening quote or bracket is closed, and nothing is closed that was not opened",
        rationale: "An unclosed quote leaves the reader unsure where the quotation ends.",
        severity: .error, scope: .prose,
        triggering: [
            RuleExample("Kishida said ↓“the attack shakes the foundation of order.").expecting(
                "this quote \"“\" is never closed; add \"”\" where it ends"),
            RuleExample("Todd Young (R-Ind), Ed Markey ↓(D-Mass and Jill Tokuda (D-Hawaii).").expecting(
                "this bracket \"(\" is never closed; add \")\" where it ends"),
            RuleExample("The group met on March 1↓) in Tokyo.").expecting("this closing bracket \")\" has no opening \"(\""),
        ],
        nonTriggering: [
            RuleExample("Kishida said “the attack shakes the foundation of order” (on March 8) [sic]."),
            RuleExample("Read [the statement](https://example.org/a_(b)) first."),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for item in context.prose {
            let text = item.text
            for pair in Self.pairs {
                var open: [Int] = []
                for (offset, scalar) in text.scalars.enumerated() where !text.isMarkup[offset] {
                    if scalar == pair.open {
                        open.append(offset)
                    } else if scalar == pair.close {
                        if open.popLast() == nil {
                            findings.append(
                                Finding(
                                    range: text.range(offset, 1),
                                    message:
                                        "this closing \(pair.name) \"\(Character(pair.close))\" has no opening \"\(Character(pair.open))\"")
                            )
                        }
                    }
                }
                for offset in open {
                    findings.append(
                        Finding(
                            range: text.range(offset, 1),
                            message:
                                "this \(pair.name) \"\(Character(pair.open))\" is never closed; add \"\(Character(pair.close))\" where it ends"
                        ))
                }
            }
            // Straight double quotes pair with each other.
            let straight = text.scalars.indices.filter { text.scalars[$0] == "\"" && !text.isMarkup[$0] }
            if straight.count % 2 == 1, let last = straight.last {
                findings.append(Finding(range: text.range(last, 1), message: "this quote \" is never closed; add the other quote"))
            }
        }
        return findings
    }
}
