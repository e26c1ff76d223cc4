/// Every rule `digest lint` runs, in the order `--list-rules` prints them.
public enum RuleRegistry {
    public static let all: [any Rule] = [
        // Structure
        HeadlinesMatchDetailsRule(), FooterRule(), TitleRule(), NumberingRule(), CadenceRule(),
        HeadlineCaseRule(), HeadlinePeriodRule(), HeadlineLengthRule(), DuplicateHeadlineRule(), PlaceholderRule(),
        LeadImageAltRule(), LeadImageFileRule(), LeadImageSizeRule(),
        // Prose
        RepeatedWordRule(), RunOnNumberRule(), RunOnSentenceRule(), SpaceBeforeBracketRule(), DoubleSpaceRule(),
        SpaceBeforePunctuationRule(), SpellingRule(), ConsistentTermsRule(), SubstitutionRule(), BalancedPunctuationRule(),
        NumberStyleRule(), MoneyStyleRule(),
        // Directives
        UnusedDisableRule(), LintDirectiveRule(),
    ]

    /// The rule with this identifier.
    public static func rule(_ identifier: String) -> (any Rule)? {
        all.first { $0.identifier == identifier }
    }
}
