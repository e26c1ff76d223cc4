import DigestCore

/// Reported by the engine: a `# digest-lint:` directive it cannot follow.
public struct LintDirectiveRule: Rule {
    public static let description = RuleDescription(
        identifier: "lint-directive",
        summary: "A digest-lint directive must name a known command and known rules",
        rationale: "A misspelt directive silences nothing, so the finding it was meant for would reappear unexplained.",
        severity: .error, scope: .structure,
        triggering: [
            RuleExample("Officials met met in Tokyo.  ↓# digest-lint: disable-line repeated-words").expecting(
                "unknown rule \"repeated-words\"; did you mean \"repeated-word\"? (`digest lint --list-rules` lists them)"),
            RuleExample("Officials met met in Tokyo.  ↓# digest-lint: silence repeated-word").expecting(
                "unknown directive \"silence\"; write disable-line, disable-next-line or disable-file"),
        ],
        nonTriggering: [
            RuleExample("Officials met met in Tokyo.  # digest-lint: disable-line repeated-word")
        ])

    public init() {}

    /// The engine reports these while reading the directives.
    public func check(_ context: LintContext) -> [Finding] { [] }
}
