import Foundation

/// What the rules look up in the other issues, built once per run so that linting a
/// thousand issues does not compare each with every other.
public final class CorpusIndex: Sendable {
    /// How many issues use each word, as written.
    let wordCounts: [String: Int]
    /// Words used in enough issues to be learned, by the hash of their lowercase form.
    let frequentWords: [UInt64: String]
    /// For each word in lowercase, its spellings and the issues (entry indices) that use them.
    let spellings: [String: [String: [Int]]]
    /// Capitalized words by each of their ``EditKey``s, to find names one letter apart. Each
    /// word is listed once under each of its keys (the words are distinct, and so are one
    /// word's keys), so a plain array does. Keys keep case: by lowercase forms, a thousand
    /// capitalisations of one name were each other's candidates, a million comparisons.
    ///
    /// Made when a rule first looks for a near spelling, which a hook's one-file run seldom
    /// does: hashing every capitalized word's keys was a tenth of such a run.
    var wordsByEditKey: [EditKey: [String]] {
        editKeyLock.lock()
        defer { editKeyLock.unlock() }
        if let made = madeWordsByEditKey { return made }
        // A word longer than any name has no forms: they would grow with its length squared.
        let names = wordCounts.keys.filter { word in
            word.characterCount >= Self.shortestName && word.characterCount <= WorkLimits.longestWord && word.startsUppercase
                && !wordList.contains(word)
        }
        // Room for every key at once (a word has one more than its characters): growing the
        // table as it filled rehashed every key several times.
        var wordsByEditKey: [EditKey: [String]] = [:]
        wordsByEditKey.reserveCapacity(names.reduce(0) { $0 + $1.characterCount + 1 })
        for word in names {
            for key in EditKey.keys(of: word) { wordsByEditKey[key, default: []].append(word) }
        }
        madeWordsByEditKey = wordsByEditKey
        return wordsByEditKey
    }
    nonisolated(unsafe) private var madeWordsByEditKey: [EditKey: [String]]?
    private let editKeyLock = NSLock()
    private let wordList: WordList
    /// Where each entry is, to name it in a message and to leave out the file being linted.
    let paths: [String]
    let filePaths: [String]

    /// Names shorter than this are not indexed for near-identical spellings.
    static let shortestName = 5

    /// Fewer entries than this are tallied on the calling thread.
    static let entriesPerPart = 64

    /// The words of some entries: how many use each, and each spelling's entries.
    struct WordTally: Sendable {
        var counts: [String: Int] = [:]
        var spellings: [String: [String: [Int]]] = [:]

        init() {}

        /// The most words a part's tables are made ready for before they are filled.
        static let reservedWords = 1 << 16

        init(_ entries: [IssueCorpus.Entry], _ range: Range<Int>) {
            // Each word's entries first, one look-up per use; an entry has each word once, so
            // its count is its number of entries, and it is lowercased once, not once per use.
            // Room for every word at once, up to a bound: growing the tables as they fill
            // rehashed every word a dozen times, a twentieth of a hook's run. Each entry's
            // words are distinct, so their sum bounds the distinct words; the bound keeps a
            // large archive's parts (whose words mostly repeat) from reserving far too much.
            let words = min(range.reduce(0) { $0 + entries[$1].words.count }, Self.reservedWords)
            var entriesByWord: [String: [Int]] = [:]
            entriesByWord.reserveCapacity(words)
            for index in range {
                for word in entries[index].words { entriesByWord[word, default: []].append(index) }
            }
            counts.reserveCapacity(entriesByWord.count)
            spellings.reserveCapacity(entriesByWord.count)
            for (word, indices) in entriesByWord {
                counts[word] = indices.count
                spellings[word.lowercased(), default: [:]][word] = indices
            }
        }

        /// Adds a tally of later entries.
        mutating func merge(_ later: WordTally) {
            guard !counts.isEmpty else {
                self = later
                return
            }
            counts.merge(later.counts, uniquingKeysWith: +)
            for (lowercase, laterSpellings) in later.spellings {
                spellings[lowercase, default: [:]].merge(laterSpellings, uniquingKeysWith: +)
            }
        }
    }

    /// Indexes the corpus; names the word list knows are left out of the near-spelling index,
    /// since the consistency rule compares only names the dictionary does not know.
    init(_ corpus: IssueCorpus, wordList: WordList) {
        // Linting waits for the index. For a large archive its words are tallied in one part
        // per core and the parts merged in order (so each spelling's entries stay in entry
        // order): tallying touches every word of every issue, merging each distinct word once.
        let entries = corpus.entries
        // The processor count only for an archive large enough to split: Foundation reads
        // it from the control group's files, for every one-file run of a hook.
        let partCount =
            entries.count < Self.entriesPerPart ? 0 : min(ProcessInfo.processInfo.activeProcessorCount, entries.count / Self.entriesPerPart)
        let parts = (0..<max(partCount, 1)).map { part in
            (entries.count * part / max(partCount, 1))..<(entries.count * (part + 1) / max(partCount, 1))
        }
        var tally = WordTally()
        for part in parts.parallelMap({ WordTally(entries, $0) }) { tally.merge(part) }
        let counts = tally.counts
        let spellings = tally.spellings
        self.wordList = wordList
        wordCounts = counts
        var frequent: [UInt64: String] = [:]
        for (word, count) in counts where count >= Lexicon.learnedThreshold {
            // Of two spellings learned (Space, space), the one more issues use, then the
            // first in order: not whichever the dictionary's order, which changes from run to
            // run, happened to give last.
            let key = WordList.hash(word.lowercased())
            if let other = frequent[key], let otherCount = counts[other], otherCount > count || otherCount == count && other < word {
                continue
            }
            frequent[key] = word
        }
        frequentWords = frequent
        self.spellings = spellings
        paths = corpus.entries.map(\.path)
        filePaths = corpus.entries.map(\.filePath)
    }

    /// `word` and every form of it with one letter deleted.
    static func deletionForms(of word: String) -> Set<String> {
        let lowercase = word.lowercased()
        if lowercase.isASCIIOnly {
            // Each byte is a character: delete bytes, without making an array of characters.
            let bytes = Array(lowercase.utf8)
            var forms: Set<String> = [lowercase]
            forms.reserveCapacity(bytes.count + 1)
            for index in bytes.indices {
                var shorter = bytes
                shorter.remove(at: index)
                forms.insert(String(decoding: shorter, as: UTF8.self))
            }
            return forms
        }
        let characters = Array(lowercase)
        var forms: Set<String> = [String(characters)]
        for index in characters.indices {
            var shorter = characters
            shorter.remove(at: index)
            forms.insert(String(shorter))
        }
        return forms
    }

    /// Another spelling of `word` that differs only in capitals, and an issue (not the file
    /// at `filePath`) that uses it. `lowercase` is `word` in lowercase, which the caller has.
    func capitalisationVariant(of word: String, lowercase: String, excluding filePath: String) -> (spelling: String, path: String)? {
        for (spelling, entries) in spellings[lowercase] ?? [:] where spelling != word {
            if let entry = entries.first(where: { filePaths[$0] != filePath }) { return (spelling, paths[entry]) }
        }
        return nil
    }

    /// Capitalized words of other issues one edit away from `word`, with an issue using each.
    func nearSpellings(of word: String, excluding filePath: String) -> [(spelling: String, path: String)] {
        var candidates = Set<String>()
        let wordsByEditKey = wordsByEditKey
        for key in EditKey.partners(of: EditKey.keys(of: word), length: word.count) {
            candidates.formUnion(wordsByEditKey[key] ?? [])
        }
        return candidates.sorted().compactMap { candidate in
            guard candidate != word, ConsistentTermsRule.areOneEditApart(candidate, word),
                let entry = spellings[candidate.lowercased()]?[candidate]?.first(where: { filePaths[$0] != filePath })
            else { return nil }
            return (candidate, paths[entry])
        }
    }
}
