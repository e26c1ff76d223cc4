import DigestCore

/// One style for sums of money within an issue: "$700 million", not "$700m" beside it.
public struct MoneyStyleRule: Rule {
    static let abbreviations: [String: String] = ["m": "million", "mn": "million", "bn": "billion", "b": "billion", "tn": "trillion"]

    public static let description = RuleDescription(
        identifier: "money-style",
        summary: "Sums of money are written one way within an issue, \"$293 million\" rather than \"$700m\" beside it",
        rationale: """
            "~$700m in subsidies" next to "$293 million" makes the reader compare two notations. \
            The house spells out million, billion and trillion; `--fix` does that for the abbreviated ones.
            """,
        severity: .warning, scope: .prose,
        triggering: [RuleExample("Japan provides ~↓$700m in subsidies; the deal is worth some $293 million.")],
        nonTriggering: [
            RuleExample("Japan provides $700 million in subsidies; the deal is worth some $1.38 billion."),
            RuleExample("Japan provides $700m in subsidies."),
        ],
        corrections: [
            RuleCorrection(
                "Japan provides ~$700m in subsidies; the deal is worth some $293 million.",
                "Japan provides ~$700 million in subsidies; the deal is worth some $293 million.")
        ])

    public init() {}

    struct Sum {
        var item: LintContext.ProseItem
        var offset: Int
        var length: Int
        /// The abbreviation and its offset, for abbreviated sums.
        var abbreviation: (String, Int)?
    }

    public func check(_ context: LintContext) -> [Finding] {
        var sums: [Sum] = []
        for item in context.prose {
            let scalars = item.text.scalars
            for (offset, scalar) in scalars.enumerated() where ScalarSet.currencies.contains(scalar) {
                var end = offset + 1
                while end < scalars.count, scalars[end].isDigit || scalars[end] == "." || scalars[end] == "," {
                    end += 1
                }
                guard end > offset + 1 else { continue }
                var letters = end
                while letters < scalars.count, scalars[letters].isLetter { letters += 1 }
                let suffix = item.text.string(end..<letters).lowercased()
                if let _ = Self.abbreviations[suffix] {
                    sums.append(Sum(item: item, offset: offset, length: letters - offset, abbreviation: (suffix, end)))
                    continue
                }
                let words = item.text.words
                let nextIndex = item.text.firstWord(atOrAfter: end + 1)
                if nextIndex < words.count, case let next = words[nextIndex], ["million", "billion", "trillion"].contains(next.lowercased) {
                    sums.append(Sum(item: item, offset: offset, length: next.offset + next.length - offset, abbreviation: nil))
                }
            }
        }
        let abbreviated = sums.filter { $0.abbreviation != nil }
        let spelled = sums.filter { $0.abbreviation == nil }
        guard !abbreviated.isEmpty, !spelled.isEmpty else { return [] }
        if spelled.count < abbreviated.count {
            return spelled.map { sum in
                Finding(
                    range: sum.item.text.range(sum.offset, sum.length),
                    message:
                        "write sums of money one way: this issue mostly abbreviates them, as in \"\(abbreviated[0].item.text.string(abbreviated[0].offset..<abbreviated[0].offset + abbreviated[0].length))\""
                )
            }
        }
        return abbreviated.map { sum in
            let (suffix, suffixOffset) = sum.abbreviation!
            let word = Self.abbreviations[suffix]!
            return Finding(
                range: sum.item.text.range(sum.offset, sum.length),
                message: "write \"\(word)\" in full, as elsewhere in this issue",
                fix: sum.item.text.fix(suffixOffset, suffix.unicodeScalars.count, " " + word))
        }
    }
}
