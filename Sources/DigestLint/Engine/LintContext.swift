import DigestCore

/// Everything a rule may look at: the issue, the settings, the other issues, the words.
public struct LintContext: Sendable {
    /// The file as the editor named it.
    public let path: String
    public let issue: Issue
    public let settings: Settings
    /// Whether this issue is a draft rather than a published one.
    public let isDraft: Bool
    /// The archive and the drafts, without this file.
    public let others: [IssueCorpus.Entry]
    public let lexicon: Lexicon
    /// The headlines' and details' text, in order.
    public let headlines: [ProseText]
    public let details: [ProseText]

    public init(path: String, issue: Issue, settings: Settings, isDraft: Bool, others: [IssueCorpus.Entry], lexicon: Lexicon) {
        self.path = path
        self.issue = issue
        self.settings = settings
        self.isDraft = isDraft
        self.others = others
        self.lexicon = lexicon
        headlines = issue.headlines.items.map { ProseText($0.body) }
        details = issue.details.items.map { ProseText($0.body) }
    }

    /// A headline or a detail, with where it is.
    public struct ProseItem: Sendable {
        public enum Kind: String, Sendable {
            case headline
            case detail
        }

        public var kind: Kind
        /// 1-based, as editors count.
        public var number: Int
        public var text: ProseText
    }

    /// Every headline, then every detail.
    public var prose: [ProseItem] {
        headlines.enumerated().map { ProseItem(kind: .headline, number: $0.offset + 1, text: $0.element) }
            + details.enumerated().map { ProseItem(kind: .detail, number: $0.offset + 1, text: $0.element) }
    }

    /// The issue that comes before this one by volume and number, among the others.
    public var previousIssue: IssueCorpus.Entry? {
        guard let title = issue.title else { return nil }
        return others.filter { entry in
            guard let other = entry.issue.title, entry.issue.date != nil else { return false }
            return (other.volume, other.number) < (title.volume, title.number)
        }.max { a, b in (a.issue.title!.volume, a.issue.title!.number) < (b.issue.title!.volume, b.issue.title!.number) }
    }
}
