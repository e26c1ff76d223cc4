import DigestCore

/// No placeholder is left from `digest new`.
public struct PlaceholderRule: Rule {
    static let markers: Set<String> = ["TODO", "TK", "TBD", "FIXME", "XXX"]

    public static let description = RuleDescription(
        identifier: "placeholder",
        summary: "No TODO, TK or TBD is left in the text",
        rationale: "`digest new` fills a draft with TODO placeholders; an issue must not go out with one left.",
        severity: .warning, scope: .structure,
        triggering: [
            RuleExample("↓TODO headline 1, in sentence case with no final period", in: .headline).expecting(
                "headline 1 still has the placeholder \"TODO\"; write the headline"),
            RuleExample("The meeting is on March ↓TK in Tokyo.").expecting("detail 1 still has the placeholder \"TK\"; write the detail"),
        ],
        nonTriggering: [RuleExample("The meeting is on March 8 in Tokyo.")])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        context.prose.flatMap { item in
            // Every marker is a word in capitals: any other word is passed over without a lookup.
            item.text.words.filter { $0.isAcronym && Self.markers.contains($0.text) }.map { word in
                Finding(
                    range: item.text.range(word.offset, word.length),
                    message:
                        "\(item.kind.rawValue) \(item.number) still has the placeholder \"\(word.text)\"; write the \(item.kind.rawValue)")
            }
        }
    }
}
