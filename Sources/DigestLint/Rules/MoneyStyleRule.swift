import DigestCore

/// Sums of money are spelled out: "$700 million", never "$700m" or "$1.4 bn".
public struct MoneyStyleRule: Rule {
    static let abbreviations: [String: String] = ["m": "million", "mn": "million", "bn": "billion", "b": "billion", "tn": "trillion"]

    public static let description = RuleDescription(
        identifier: "money-style",
        summary: "Sums of money spell out million, billion and trillion: \"$700 million\", not \"$700m\"",
        rationale: """
            "~$700m in subsidies" makes the reader decode a notation the digest does not use. The \
            house spells out million, billion and trillion in every issue, whether or not another \
            sum in it is spelled out; `--fix` does that for the abbreviated ones.
            """,
        severity: .warning, scope: .prose,
        triggering: [
            RuleExample("Japan provides ~↓$700m in subsidies; the deal is worth some $293 million.").expecting(
                "write \"million\" in full: the digest spells out sums of money"),
            RuleExample("Japan provides ↓$700m in subsidies.").expecting("write \"million\" in full: the digest spells out sums of money"),
            RuleExample("Toyota invests ↓¥1.4 bn, and Rapidus gets ↓$2bn.").expecting(
                "write \"billion\" in full: the digest spells out sums of money",
                "write \"billion\" in full: the digest spells out sums of money"),
        ],
        nonTriggering: [
            RuleExample("Japan provides $700 million in subsidies; the deal is worth some $1.38 billion and ¥8.7 trillion."),
            RuleExample("The $5 bill and a 5 m mast; $10 more."),
        ],
        corrections: [
            RuleCorrection(
                "Japan provides ~$700m in subsidies; the deal is worth some $293 million.",
                "Japan provides ~$700 million in subsidies; the deal is worth some $293 million."),
            RuleCorrection("A $1.5 bn package.", "A $1.5 billion package."),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for item in context.prose {
            let scalars = item.text.scalars
            for (offset, scalar) in scalars.enumerated() where ScalarSet.currencies.contains(scalar) {
                var end = offset + 1
                while end < scalars.count, scalars[end].isDigit || scalars[end] == "." || scalars[end] == "," {
                    end += 1
                }
                guard end > offset + 1 else { continue }
                // The abbreviation written on ("$700m") or after one space ("$1.5 bn").
                var start = end
                if start + 1 < scalars.count, scalars[start] == " ", scalars[start + 1].isLetter { start += 1 }
                var letters = start
                while letters < scalars.count, scalars[letters].isLetter { letters += 1 }
                let suffix = item.text.string(start..<letters).lowercased()
                guard let word = Self.abbreviations[suffix] else { continue }
                // "$5 bill", "$5 m": a lone "m" or "b" after a space is no abbreviation of ours.
                if start > end, suffix.count < 2 { continue }
                findings.append(
                    Finding(
                        range: item.text.range(offset, letters - offset),
                        message: "write \"\(word)\" in full: the digest spells out sums of money",
                        fix: item.text.fix(end, letters - end, " " + word)))
            }
        }
        return findings
    }
}
