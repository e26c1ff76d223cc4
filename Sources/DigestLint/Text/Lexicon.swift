import DigestCore

/// The words `digest lint` knows: the English word list, the publication's own words from
/// the settings, and the words of the archive.
public struct Lexicon: Sendable {
    public let wordList: WordList
    /// `lint.words` from the settings.
    public let houseWords: Set<String>
    /// `houseWords` in lowercase, to accept `Internet` when the settings list `internet`.
    let lowercasedHouseWords: Set<String>
    /// How many issues of the archive and drafts use each word, as written.
    let archiveCounts: [String: Int]
    /// The words of the issue being linted, which do not count as its own evidence.
    let ownWords: Set<String>

    public init(wordList: WordList, houseWords: [String], archiveCounts: [String: Int], ownWords: Set<String> = []) {
        self.wordList = wordList
        self.houseWords = Set(houseWords.map { $0.replacingOccurrences(of: "'", with: "’") })
        self.lowercasedHouseWords = Set(self.houseWords.map { $0.lowercased() })
        self.archiveCounts = archiveCounts
        self.ownWords = ownWords
    }

    /// How many other issues use `word`.
    public func archiveCount(_ word: String) -> Int {
        max(0, (archiveCounts[word] ?? 0) - (ownWords.contains(word) ? 1 : 0))
    }

    /// Words used in at least this many other issues are taken as deliberate.
    public static let learnedThreshold = 2

    /// Whether `word` (one part of a hyphenated word, possessive removed) is known.
    public func knows(_ word: String) -> Bool {
        let word = word.replacingOccurrences(of: "'", with: "’")
        if wordList.contains(word) || houseWords.contains(word) { return true }
        if word.first?.isUppercase == true, lowercasedHouseWords.contains(word.lowercased()),
            houseWords.contains(word.lowercased())
        {
            return true
        }
        return archiveCount(word) >= Self.learnedThreshold
    }

    /// Known words one edit away from `word`, best first.
    ///
    /// For a capitalized word, only common words (Commander for Commader) and the
    /// publication's own words count: a name one letter from another name (Tamaki, Tamari)
    /// is more likely a different name than a slip.
    public func suggestions(for word: String, limit: Int = 3) -> [String] {
        let capitalized = word.first?.isUppercase == true
        var found: [String: Int] = [:]
        for candidate in Self.edits(of: word.lowercased()) {
            let form = capitalized ? candidate.capitalizedFirst : candidate
            let isHouseWord = houseWords.contains(form) || archiveCount(form) >= Self.learnedThreshold
            let isKnown = capitalized ? (wordList.isCommonWord(candidate) || isHouseWord) : knows(form)
            guard isKnown else { continue }
            // Prefer the publication's own words, then words that keep the first letter.
            let score = (isHouseWord ? 20 : 0) + archiveCount(form) * 10 + (form.first == word.first ? 5 : 0)
            found[form] = max(found[form] ?? 0, score)
        }
        return found.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(limit).map(\.key)
    }

    /// Every string one deletion, transposition, replacement or insertion away.
    static func edits(of word: String) -> Set<String> {
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        let characters = Array(word)
        var results = Set<String>()
        for index in 0...characters.count {
            let left = characters[..<index]
            let right = characters[index...]
            if !right.isEmpty {
                results.insert(String(left + right.dropFirst()))
                if right.count > 1 {
                    let swapped = [right[right.startIndex + 1], right[right.startIndex]] + right.dropFirst(2)
                    results.insert(String(left + swapped))
                }
                for letter in letters { results.insert(String(left + [letter] + right.dropFirst())) }
            }
            for letter in letters { results.insert(String(left + [letter] + right)) }
        }
        results.remove(word)
        return results
    }
}

extension String {
    /// With the first letter uppercase: `commander` → `Commander`.
    var capitalizedFirst: String {
        guard let first else { return self }
        return first.uppercased() + dropFirst()
    }
}
