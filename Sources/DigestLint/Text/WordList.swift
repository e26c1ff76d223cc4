import Foundation

/// An English word list: Debian's `wamerican-large` (SCOWL, size 70), read from
/// `/usr/share/dict`, or the file `DIGEST_DICTIONARY` names.
///
/// The list is read once per process. Without one, spelling is not checked and the
/// linter says so once.
public final class WordList: Sendable {
    /// The files tried, in order.
    public static let candidates = [
        "/usr/share/dict/american-english-large", "/usr/share/dict/american-english", "/usr/share/dict/words",
    ]

    /// Entries as written (`Tokyo`, `cat`, `NATO`).
    let entries: Set<String>
    /// Entries in lowercase, for words capitalized at the start of a sentence.
    let lowercased: Set<String>
    /// Where the list came from.
    public let source: String?

    public init(words: some Sequence<String>, source: String?) {
        var entries = Set<String>()
        var lowercased = Set<String>()
        for word in words where !word.isEmpty {
            let normalized = word.replacingOccurrences(of: "'", with: "’")
            entries.insert(normalized)
            if normalized.first?.isLowercase == true { lowercased.insert(normalized) }
        }
        self.entries = entries
        self.lowercased = lowercased
        self.source = source
    }

    /// The system's word list, or an empty one when there is none.
    public static let system: WordList = {
        let environment = ProcessInfo.processInfo.environment["DIGEST_DICTIONARY"]
        for path in (environment.map { [$0] } ?? []) + candidates {
            if let data = FileManager.default.contents(atPath: path) {
                let text = String(decoding: data, as: UTF8.self)
                return WordList(words: text.split(separator: "\n").map(String.init), source: path)
            }
        }
        return WordList(words: [], source: nil)
    }()

    public var isEmpty: Bool { entries.isEmpty }

    /// Whether `word` is in the list as written, or in lowercase when it is capitalized.
    public func contains(_ word: String) -> Bool {
        if entries.contains(word) { return true }
        let lower = word.lowercased()
        return lower != word && lowercased.contains(lower)
    }

    /// Whether the lowercase form is a common word (not only a name).
    public func isCommonWord(_ word: String) -> Bool {
        lowercased.contains(word.lowercased())
    }
}
