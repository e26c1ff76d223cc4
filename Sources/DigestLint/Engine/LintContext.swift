import DigestCore
import Foundation

/// Everything a rule may look at: the issue, the settings, the other issues, the words.
public struct LintContext: Sendable {
    /// The file as the editor named it.
    public let path: String
    /// The file's absolute path, which tells it apart from the other issues.
    public let filePath: String
    public let issue: Issue
    public let settings: Settings
    /// Whether this issue is a draft rather than a published one.
    public let isDraft: Bool
    /// The archive and the drafts, without this file.
    public let corpus: IssueCorpus
    public let lexicon: Lexicon
    /// The other issues' words, for rules that compare spellings across the archive.
    public let index: CorpusIndex
    /// The headlines' and details' text, in order.
    public let headlines: [ProseText]
    public let details: [ProseText]
    /// Every headline, then every detail; most rules walk them all, so the list is made once.
    public let prose: [ProseItem]
    /// What rules worked out from single words for the issues linted before this one.
    public let memo: WordMemo
    /// The files the issue refers to (its lead image).
    public let files: LintFiles
    /// Where this file's entry is in the corpus, when it has one.
    private let ownIndex: Int?

    public init(
        path: String, filePath: String, issue: Issue, settings: Settings, isDraft: Bool, corpus: IssueCorpus, lexicon: Lexicon,
        index: CorpusIndex, memo: WordMemo = WordMemo(), files: LintFiles = .disk
    ) {
        self.init(
            path: path, filePath: filePath, issue: issue, headlines: issue.headlines.items.map { ProseText($0.body) },
            details: issue.details.items.map { ProseText($0.body) }, settings: settings, isDraft: isDraft, corpus: corpus,
            lexicon: lexicon, index: index, memo: memo, files: files)
    }

    /// A context over an issue whose text was already read (from the corpus).
    init(
        path: String, filePath: String, issue: Issue, headlines: [ProseText], details: [ProseText], settings: Settings,
        isDraft: Bool, corpus: IssueCorpus, lexicon: Lexicon, index: CorpusIndex, memo: WordMemo, files: LintFiles = .disk
    ) {
        self.path = path
        self.memo = memo
        self.files = files
        self.filePath = filePath
        self.issue = issue
        self.settings = settings
        self.isDraft = isDraft
        self.corpus = corpus
        self.lexicon = lexicon
        self.index = index
        self.headlines = headlines
        self.details = details
        prose = Self.items(headlines: headlines, details: details)
        ownIndex = corpus.positions[filePath]
    }

    /// The positions in `corpus.entries` of the archive and the drafts without this file, in
    /// order. Rules walk them for every issue linted, so with a thousand issues this filter
    /// runs a million times: comparing positions is cheaper than comparing paths, and tells
    /// the same when no two entries share a path.
    var otherIndices: LazyFilterSequence<Range<Int>> {
        if let ownIndex, !corpus.hasRepeatedPaths {
            return corpus.entries.indices.lazy.filter { $0 != ownIndex }
        }
        let filePath = filePath
        let entries = corpus.entries
        return corpus.entries.indices.lazy.filter { entries[$0].filePath != filePath }
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

    private static func items(headlines: [ProseText], details: [ProseText]) -> [ProseItem] {
        headlines.enumerated().map { ProseItem(kind: .headline, number: $0.offset + 1, text: $0.element) }
            + details.enumerated().map { ProseItem(kind: .detail, number: $0.offset + 1, text: $0.element) }
    }

    /// The absolute path of a file named relative to the issue file's folder.
    public func pathBesideIssue(_ relative: String) -> String {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent(relative).standardizedFileURL.path
    }

    /// The issue that comes before this one by volume and number, among the others.
    public var previousIssue: IssueCorpus.Entry? {
        guard let title = issue.title else { return nil }
        var best: Int?
        for index in otherIndices {
            let place = corpus.places[index]
            guard let number = place.number, place.date != nil, number < (title.volume, title.number) else { continue }
            if let current = best.flatMap({ corpus.places[$0].number }), number <= current { continue }
            best = index
        }
        return best.map { corpus.entries[$0] }
    }
}
