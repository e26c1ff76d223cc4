import DigestCore

/// Headlines stay short enough to read at a glance.
public struct HeadlineLengthRule: Rule {
    /// The longest headline, in characters. The published ones run to 74.
    public static let maximumLength = 90

    public static let description = RuleDescription(
        identifier: "headline-length",
        summary: "A headline is at most \(maximumLength) characters",
        rationale: """
            A headline is read at a glance in a mail client's preview and on a phone; the \
            published ones run to 74 characters. Move the rest into the detail.
            """,
        severity: .warning, scope: .structure,
        triggering: [
            RuleExample(
                "Japan and the United States agree to expand cooperation on supply chains, semiconductors a↓nd clean energy",
                in: .headline
            ).expecting("headline 1 is 105 characters; keep it to 90 and move the rest into its detail")
        ],
        nonTriggering: [RuleExample("Japan Science Council okays dual use research, allied consultations expand", in: .headline)])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        context.headlines.enumerated().compactMap { index, text in
            let length = text.scalars.enumerated().filter { !text.isMarkup[$0.offset] }.count
            guard length > Self.maximumLength else { return nil }
            // Point at where the headline goes over the limit.
            var visible = 0
            var offset = 0
            for (position, _) in text.scalars.enumerated() where !text.isMarkup[position] {
                visible += 1
                if visible > Self.maximumLength {
                    offset = position
                    break
                }
            }
            return Finding(
                range: text.range(offset, text.scalars.count - offset),
                message: "headline \(index + 1) is \(length) characters; keep it to \(Self.maximumLength) and move the rest into its detail"
            )
        }
    }
}
