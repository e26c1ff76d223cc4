import DigestArchive
import DigestCore
import Foundation

/// The issues of the archive and the drafts, parsed once per run, for the rules that
/// compare an issue with the others (numbering, cadence, names).
public struct IssueCorpus: Sendable {
    /// One issue file.
    public final class Entry: Sendable {
        /// The file's standardized absolute path, to recognise it.
        public let filePath: String
        /// The path to show an editor.
        public let path: String
        public let isDraft: Bool
        /// The words of its headlines and details, as written.
        public let words: Set<String>
        /// Its volume and number, when the title can be read.
        public let number: (volume: Int, number: Int)?
        /// Its date, when the `Date:` field can be read.
        public let date: IssueDate?
        /// `2.5` for Vol 2.5, as titles write it.
        public var volumeAndNumber: String? {
            number.map { "\($0.volume).\($0.number)" }
        }
        /// The headlines' and details' text, kept so that linting the file does not read it
        /// again; empty for an entry read back from the cache.
        let headlines: [ProseText]
        let details: [ProseText]
        /// What parsing the file found, the lines it was parsed from, its bytes and their hash.
        let parsed: ParseResult?
        let source: SourceText?
        let bytes: [UInt8]?
        let bytesHash: UInt64?

        public convenience init(filePath: String, path: String, issue: Issue, isDraft: Bool) {
            self.init(
                filePath: filePath, path: path, parsed: ParseResult(issue: issue, diagnostics: []), source: nil, bytes: nil,
                bytesHash: nil, isDraft: isDraft)
        }

        init(
            filePath: String, path: String, parsed: ParseResult, source: SourceText?, bytes: [UInt8]?, bytesHash: UInt64?,
            isDraft: Bool
        ) {
            let issue = parsed.issue
            self.filePath = filePath
            self.path = path
            self.isDraft = isDraft
            self.parsed = bytesHash == nil ? nil : parsed
            self.source = bytesHash == nil ? nil : source
            self.bytes = bytesHash == nil ? nil : bytes
            self.bytesHash = bytesHash
            number = issue.title.map { ($0.volume, $0.number) }
            date = issue.date
            headlines = issue.headlines.items.map { ProseText($0.body) }
            details = issue.details.items.map { ProseText($0.body) }
            var words = Set<String>()
            words.reserveCapacity((headlines + details).reduce(0) { $0 + $1.words.count })
            for text in headlines + details {
                for word in text.words {
                    words.insert(word.withoutPossessive)
                    guard word.withoutPossessive.containsASCII("-") else { continue }
                    for part in word.withoutPossessive.split(separator: "-") where part.count < word.text.count {
                        words.insert(String(part))
                    }
                }
            }
            self.words = words
        }

        /// An entry read back from the cache: what the other issues' rules need, not the issue.
        init(cached summary: CorpusCache.Summary, path: String, isDraft: Bool) {
            filePath = summary.filePath
            self.path = path
            self.isDraft = isDraft
            words = Set(summary.words)
            number = summary.number.map { ($0.volume, $0.number) }
            date = summary.date
            headlines = []
            details = []
            parsed = nil
            source = nil
            bytes = nil
            bytesHash = nil
        }

        /// What the cache keeps of this entry, read from a file whose bytes hash to `bytesHash`.
        func summary(bytesHash: UInt64) -> CorpusCache.Summary {
            CorpusCache.Summary(
                filePath: filePath, bytesHash: bytesHash,
                number: number.map { CorpusCache.IssueNumber(volume: $0.volume, number: $0.number) },
                date: date, words: Array(words))
        }
    }

    public let entries: [Entry]
    /// The folder drafts live in, to tell a draft from an archived issue.
    public let draftsFolder: String?
    /// Where each file's entry is.
    let positions: [String: Int]
    /// Whether two entries have the same path (the drafts folder set to the archive's).
    let hasRepeatedPaths: Bool
    /// Each entry's number, date and kind, as plain values in entry order.
    ///
    /// The numbering and cadence rules look at every other entry for every issue linted;
    /// walking the entries themselves retains and releases each one, a million times over
    /// for a thousand issues.
    let places: [Place]

    /// Where an entry stands in the schedule.
    struct Place: Sendable {
        var number: (volume: Int, number: Int)?
        var date: IssueDate?
        var isDraft: Bool
    }

    public init(entries: [Entry] = [], draftsFolder: String? = nil) {
        self.entries = entries
        self.draftsFolder = draftsFolder
        positions = Dictionary(entries.enumerated().map { ($0.element.filePath, $0.offset) }, uniquingKeysWith: { first, _ in first })
        hasRepeatedPaths = positions.count != entries.count
        places = entries.map { Place(number: $0.number, date: $0.date, isDraft: $0.isDraft) }
    }

    /// This corpus with the files of one run that it does not have added as drafts, so that
    /// files linted together are compared with each other as with the archive ("MOU" in one,
    /// "MoU" in the next). A hook's drafts are in the corpus already and add nothing.
    public func including(_ files: [(filePath: String, path: String, bytes: [UInt8])], parser: IssueParser) -> IssueCorpus {
        let extra = files.filter { entry(at: $0.filePath) == nil }
        guard !extra.isEmpty else { return self }
        let added = extra.map { file in
            let source = SourceText(path: file.path, bytes: file.bytes)
            return Entry(
                filePath: file.filePath, path: file.path, parsed: parser.parse(source), source: source, bytes: file.bytes,
                bytesHash: CorpusCache.contentHash(file.bytes), isDraft: true)
        }
        return IssueCorpus(entries: entries + added, draftsFolder: draftsFolder)
    }

    /// The entry of the file at `filePath`, if the corpus has it.
    func entry(at filePath: String) -> Entry? {
        positions[filePath].map { entries[$0] }
    }

    /// The bytes of the file at `filePath` (standardized and absolute), when this run's
    /// corpus read and parsed it: a command linting the whole archive need not read every
    /// file a second time. `nil` for a file the corpus took from its cache, or does not have.
    public func bytes(ofFileAt filePath: String) -> [UInt8]? {
        entry(at: filePath)?.bytes
    }

    /// Every issue file of the repository that parses far enough to have a title.
    public static func load(from repository: Repository) -> IssueCorpus {
        var files: [(URL, Bool)] = []
        for (folder, isDraft) in [(repository.archiveFolder, false), (repository.draftsFolder, true)] {
            files += ((try? IssueCatalog.issueFiles(in: folder)) ?? []).map { ($0, isDraft) }
        }
        let parser = repository.settings.parser
        let cache = CorpusCache(root: repository.root, titlePattern: repository.settings.publication.title)
        let cached = cache?.load() ?? [:]
        let displayPaths = DisplayPaths()
        // Reading a file and looking it up in the cache is quick, so it is done here; only
        // parsing is worth the other cores, whose start-up would cost a one-file run (the
        // pre-commit hook's, with everything cached) more than it saves.
        let read = files.compactMap { file, isDraft -> ReadFile? in
            guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
            let bytes = Array(data)
            let bytesHash = CorpusCache.contentHash(bytes)
            let filePath = file.standardizedFileURL.path
            return ReadFile(
                filePath: filePath, path: displayPaths.path(ofStandardized: filePath), isDraft: isDraft, bytes: bytes,
                bytesHash: bytesHash,
                cached: cached[filePath].flatMap { $0.bytesHash == bytesHash ? $0 : nil })
        }
        var parsed = read.filter { $0.cached == nil }.parallelMap { file in
            let source = SourceText(path: file.path, bytes: file.bytes)
            let entry = Entry(
                filePath: file.filePath, path: file.path, parsed: parser.parse(source), source: source, bytes: file.bytes,
                bytesHash: file.bytesHash, isDraft: file.isDraft)
            // The summary is made into its record and let go here, on the core that parsed the
            // file, rather than freed with the rest on one core once every file is loaded.
            return LoadedEntry(entry: entry, cacheRecord: .parsed(CorpusCache.record(entry.summary(bytesHash: file.bytesHash))))
        }.makeIterator()
        let loaded = read.map { file in
            guard let summary = file.cached else {
                return parsed.next()!  // one for each file the cache did not have, in order
            }
            return LoadedEntry(entry: Entry(cached: summary, path: file.path, isDraft: file.isDraft), cacheRecord: .cached(summary))
        }
        // Rewritten when a file was parsed, or one the cache knew is gone (counted by path:
        // drafts inside the archive folder are listed twice, and kept once by the cache).
        if let cache, loaded.contains(where: \.cacheRecord.wasParsed) || Set(loaded.map(\.entry.filePath)).count != cached.count {
            cache.store(records: loaded.map(\.cacheRecord.bytes))
        }
        return IssueCorpus(entries: loaded.map(\.entry), draftsFolder: repository.draftsFolder.standardizedFileURL.path)
    }

    private struct LoadedEntry: Sendable {
        var entry: Entry
        var cacheRecord: CacheRecord
    }

    /// What the cache is to hold of a file: the record made where the file was parsed, or
    /// the summary the cache already had.
    private enum CacheRecord: Sendable {
        case parsed([UInt8])
        case cached(CorpusCache.Summary)

        var wasParsed: Bool {
            if case .parsed = self { return true }
            return false
        }

        /// The record as the cache writes it.
        var bytes: [UInt8] {
            switch self {
            case .parsed(let record): record
            case .cached(let summary): CorpusCache.record(summary)
            }
        }
    }

    /// An issue file's bytes, and what the cache holds for those very bytes.
    private struct ReadFile: Sendable {
        var filePath: String
        var path: String
        var isDraft: Bool
        var bytes: [UInt8]
        var bytesHash: UInt64
        var cached: CorpusCache.Summary?
    }

    /// Whether a file is a draft: it is in the drafts folder, or outside the archive.
    public func isDraft(_ filePath: String) -> Bool {
        if let entry = entry(at: filePath) { return entry.isDraft }
        return true
    }
}
