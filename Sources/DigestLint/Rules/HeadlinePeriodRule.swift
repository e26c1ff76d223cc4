import DigestCore

/// Headlines end without a period.
public struct HeadlinePeriodRule: Rule {
    public static let description = RuleDescription(
        identifier: "headline-period",
        summary: "A headline ends without a final period",
        rationale: "Headlines are labels, not sentences; every published headline ends without one.",
        severity: .error, scope: .structure,
        triggering: [
            RuleExample("Japan and US sign trade pact↓.", in: .headline).expecting("end the headline without a period"),
            RuleExample("Allies meet in Tokyo↓. ", in: .headline).expecting("end the headline without a period"),
        ],
        nonTriggering: [
            RuleExample("Japan and US sign trade pact", in: .headline),
            RuleExample("What comes after the Economic 2+2?", in: .headline),
            RuleExample("Yoon visits Tokyo. Kishida visits Seoul", in: .headline),
        ],
        corrections: [RuleCorrection("Japan and US sign trade pact.", "Japan and US sign trade pact", in: .headline)])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        context.headlines.compactMap { text in
            guard let last = text.scalars.indices.last, text.scalars[last] == ".", !text.isMarkup[last] else { return nil }
            // "Inc." and "Jr." end in a period that belongs to the word.
            if let word = text.words.last, word.offset + word.length == last, ["Inc", "Jr", "Sr", "Co", "Ltd"].contains(word.text) {
                return nil
            }
            return Finding(range: text.range(last, 1), message: "end the headline without a period", fix: text.fix(last, 1, ""))
        }
    }
}
