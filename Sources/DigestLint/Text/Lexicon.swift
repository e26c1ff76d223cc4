import DigestCore
import Foundation

/// The words `digest lint` knows: the English word list, the publication's own words from
/// the settings, and the words of the archive.
public struct Lexicon: Sendable {
    public let wordList: WordList
    /// `lint.words` from the settings.
    public let houseWords: Set<String>
    /// How many issues of the archive and drafts use each word, as written.
    let archiveCounts: [String: Int]
    /// The words of the issue being linted, which do not count as its own evidence.
    let ownWords: Set<String>
    /// House words and words the archive uses often, by the hash of their lowercase form.
    let houseWordsByHash: [UInt64: String]
    let frequentWords: [UInt64: String]

    public init(
        wordList: WordList, houseWords: [String], archiveCounts: [String: Int], ownWords: Set<String> = [],
        frequentWords: [UInt64: String] = [:]
    ) {
        self.frequentWords = frequentWords
        self.wordList = wordList
        self.houseWords = Set(houseWords.map { String($0.map { $0 == "'" ? "’" : $0 }) })
        self.houseWordsByHash = Dictionary(
            self.houseWords.map { (WordList.hash($0.lowercased()), $0) }, uniquingKeysWith: { first, _ in first })
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
        let word = Self.curlyApostrophes(word)
        return isListed(word) || knowsBeyondLists(word)
    }

    /// `word` with its straight apostrophes curly, as the word list spells them.
    public static func curlyApostrophes(_ word: String) -> String {
        word.containsASCII("'") ? String(word.map { $0 == "'" ? "’" : $0 }) : word
    }

    /// The part of ``knows(_:)`` after the lists (apostrophes already curly): a word the
    /// archive uses often enough, or an accented word the lists know without its accents.
    /// It depends on the issue linted, so a ``WordMemo`` may not keep it.
    public func knowsBeyondLists(_ word: String) -> Bool {
        if archiveCount(word) >= Self.learnedThreshold { return true }
        // A word with accents the list spells without: communiqué, Pokémon.
        if word.unicodeScalars.contains(where: { $0.value > 0x7F && $0.properties.isAlphabetic }) {
            let folded = word.folding(options: .diacriticInsensitive, locale: nil)
            if folded != word { return knows(folded) }
        }
        return false
    }

    /// Whether the word list or the house words know `word` (one part of a hyphenated word,
    /// possessive removed, apostrophes curly): the part of ``knows(_:)`` that does not
    /// depend on which issue is linted, so a ``WordMemo`` may keep it.
    public func isListed(_ word: String) -> Bool {
        if wordList.contains(word) || houseWords.contains(word) { return true }
        // A house word capitalized at the start of a sentence: `Cybersecurity`.
        if word.startsUppercase && houseWords.contains(word.lowercased()) { return true }
        // A house word's inflections: redesignated, stablecoins, chipmakers.
        for ending in ["s", "es", "d", "ed", "ing"] where word.hasSuffix(ending) && word.count > ending.count + 2 {
            let stem = String(word.dropLast(ending.count))
            if houseWords.contains(stem) || houseWords.contains(stem + "e") { return true }
        }
        return false
    }

    /// Known words one edit away from `word`, best first.
    ///
    /// For a capitalized word, only common words (Commander for Commader) and the
    /// publication's own words count: a name one letter from another name (Tamaki, Tamari)
    /// is more likely a different name than a slip. Candidates are hashed as bytes and only
    /// those the lists know become strings, so an unknown word costs microseconds.
    public func suggestions(for word: String, limit: Int = 3) -> [String] {
        // Each of the word's edits is as long as the word: the work grows with its square.
        guard word.utf8.count <= 4 * WorkLimits.longestWord, word.unicodeScalars.count <= WorkLimits.longestWord else { return [] }
        let capitalized = word.first?.isUppercase == true
        let lower = Array(word.lowercased().utf8)
        var found: [String: Int] = [:]
        Self.forEachEdit(of: lower) { candidate in
            let hash = WordList.hash(candidate)
            let learned = frequentWords[hash].flatMap { archiveCount($0) >= Self.learnedThreshold ? $0 : nil }
            let own = houseWordsByHash[hash] ?? learned
            guard wordList.lowercased.contains(hash) || own != nil else { return }
            let lowerForm = String(decoding: candidate, as: UTF8.self)
            let form = own ?? (capitalized ? lowerForm.capitalizedFirst : lowerForm)
            guard capitalized ? (wordList.isCommonWord(lowerForm) || own != nil) : knows(form) else { return }
            let score = (own != nil ? 20 : 0) + archiveCount(form) * 10 + (form.first == word.first ? 5 : 0)
            found[form] = max(found[form] ?? 0, score)
        }
        return found.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(limit).map(\.key)
    }

    /// Calls `body` with every byte string one deletion, transposition, replacement or
    /// insertion of a lowercase ASCII letter away from `word`. Each is written into one
    /// buffer rather than made as an array of its own: a word has about 54 edits a letter,
    /// and allocating each was most of the time a page of unknown words took.
    static func forEachEdit(of word: [UInt8], _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        let letters = Array("abcdefghijklmnopqrstuvwxyz".utf8)
        let count = word.count
        var scratch = [UInt8](repeating: 0, count: count + 1)
        word.withUnsafeBufferPointer { word in
            scratch.withUnsafeMutableBufferPointer { buffer in
                func emit(_ length: Int) { body(UnsafeBufferPointer(rebasing: buffer[..<length])) }
                for index in 0...count {
                    if index < count {
                        // Deletion.
                        for offset in 0..<index { buffer[offset] = word[offset] }
                        for offset in index + 1..<count { buffer[offset - 1] = word[offset] }
                        emit(count - 1)
                        // Transposition with the next letter.
                        if index + 1 < count {
                            for offset in 0..<count { buffer[offset] = word[offset] }
                            buffer.swapAt(index, index + 1)
                            emit(count)
                        }
                        // Replacement.
                        for offset in 0..<count { buffer[offset] = word[offset] }
                        for letter in letters where letter != word[index] {
                            buffer[index] = letter
                            emit(count)
                        }
                    }
                    // Insertion before `index`.
                    for offset in 0..<index { buffer[offset] = word[offset] }
                    for offset in index..<count { buffer[offset + 1] = word[offset] }
                    for letter in letters {
                        buffer[index] = letter
                        emit(count + 1)
                    }
                }
            }
        }
    }

}

extension String {
    /// With the first letter uppercase: `commander` → `Commander`.
    var capitalizedFirst: String {
        guard let first else { return self }
        return first.uppercased() + dropFirst()
    }
}
