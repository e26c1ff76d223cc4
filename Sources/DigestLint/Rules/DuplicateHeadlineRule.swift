import DigestCore

/// No headline is repeated.
public struct DuplicateHeadlineRule: Rule {
    public static let description = RuleDescription(
        identifier: "headline-duplicate",
        summary: "Each headline appears once",
        rationale: "A repeated headline is a copy-and-paste slip, and its story is missing.",
        severity: .error, scope: .structure,
        triggering: [
            RuleExample(
                "US-Japan Alliance Digest Vol 2.6\nDate: 2023-04-06\n\nHeadlines\n- Allies meet in Tokyo\n- ↓Allies meet in Tokyo\n\nDetails\n- Allies met in Tokyo.\n- Allies met in Tokyo again.\n",
                in: .issue
            ).expecting("headline 2 repeats headline 1; write the headline of its own story")
        ],
        nonTriggering: [
            RuleExample(
                "US-Japan Alliance Digest Vol 2.6\nDate: 2023-04-06\n\nHeadlines\n- Allies meet in Tokyo\n- Allies meet in Seoul\n\nDetails\n- Allies met in Tokyo.\n- Allies met in Seoul.\n",
                in: .issue)
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        var seen: [String: Int] = [:]
        var findings: [Finding] = []
        for (index, text) in context.headlines.enumerated() {
            let key = text.words.map(\.lowercased).joined(separator: " ")
            guard !key.isEmpty else { continue }
            if let first = seen[key] {
                findings.append(
                    Finding(
                        range: text.range(0, text.scalars.count),
                        message: "headline \(index + 1) repeats headline \(first + 1); write the headline of its own story"))
            } else {
                seen[key] = index
            }
        }
        return findings
    }
}
