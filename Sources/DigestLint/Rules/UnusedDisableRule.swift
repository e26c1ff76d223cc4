import DigestCore

/// Reported by the engine: a `# digest-lint:` directive that silences nothing.
public struct UnusedDisableRule: Rule {
    public static let description = RuleDescription(
        identifier: "unused-disable",
        summary: "A digest-lint directive must silence a finding",
        rationale: """
            A directive left behind after the text was mended would silently hide the next real \
            problem on that line or in that file.
            """,
        severity: .warning, scope: .structure,
        triggering: [
            RuleExample("↓# digest-lint: disable-file spelling\nUS-Japan Alliance Digest Vol 2.6\n", in: .issue).expecting(
                "this directive silences nothing: there is no spelling finding in this file; delete it"),
            RuleExample("Officials met in Tokyo.  ↓# digest-lint: disable-line repeated-word").expecting(
                "this directive silences nothing: there is no repeated-word finding on line 8; delete it"),
        ],
        nonTriggering: [
            RuleExample("Officials met met in Tokyo.  # digest-lint: disable-line repeated-word"),
            RuleExample("Officials met in Tokyo."),
        ])

    public init() {}

    /// The engine reports these, since only it knows what the other rules found.
    public func check(_ context: LintContext) -> [Finding] { [] }
}
