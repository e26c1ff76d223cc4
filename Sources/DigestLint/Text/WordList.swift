import DigestCore
import Foundation

/// An English word list: Debian's `wamerican-large` (SCOWL, size 70), read from
/// `/usr/share/dict`, or the file `DIGEST_DICTIONARY` names.
///
/// The list is read once per process and kept as 64-bit hashes of its words rather than
/// as strings: reading 170,000 words then takes milliseconds, which keeps `digest lint`
/// instant in a pre-commit hook. (Two words with the same 64-bit hash are too unlikely
/// to matter for a spelling check.) Without a list, spelling is not checked.
public final class WordList: Sendable {
    /// The files tried, in order.
    public static let candidates = [
        "/usr/share/dict/american-english-large", "/usr/share/dict/american-english", "/usr/share/dict/words",
    ]

    /// Hashes of the entries as written (`Tokyo`, `cat`, `NATO`).
    let entries: HashSet64
    /// Hashes of the entries that start with a lowercase letter: common words, not names.
    let lowercased: HashSet64
    /// Where the list came from.
    public let source: String?

    /// A list of `words`, one per element.
    public convenience init(words: some Sequence<String>, source: String?) {
        var bytes: [UInt8] = []
        for word in words {
            bytes += Array(word.utf8)
            bytes.append(0x0A)
        }
        self.init(listBytes: bytes, source: source)
    }

    /// A list from the bytes of a word-list file: UTF-8, one word per line.
    init(listBytes bytes: [UInt8], source: String?) {
        var entries = HashSet64(minimumCapacity: bytes.count / 8)
        var lowercased = HashSet64(minimumCapacity: bytes.count / 8)
        var start = 0
        bytes.withUnsafeBufferPointer { buffer in
            for index in 0...buffer.count where index == buffer.count || buffer[index] == 0x0A {
                defer { start = index + 1 }
                guard index > start else { continue }
                let word = UnsafeBufferPointer(rebasing: buffer[start..<index])
                entries.insert(Self.hash(word))
                if let first = word.first, first >= 0x61 && first <= 0x7A || first >= 0xC3 && Self.startsLowercase(word) {
                    lowercased.insert(Self.hash(word))
                }
            }
        }
        self.entries = entries.compacted()
        self.lowercased = lowercased.compacted()
        self.source = source
    }

    init(entries: HashSet64, lowercased: HashSet64, source: String?) {
        self.entries = entries
        self.lowercased = lowercased
        self.source = source
    }

    /// The system's word list, or an empty one when there is none.
    ///
    /// The hashed list is cached in `$XDG_CACHE_HOME/digest` (or `~/.cache/digest`), keyed by
    /// the list's path, size and modification time, so later runs map it instead of reading
    /// 170,000 words again.
    public static let system: WordList = load(
        from: (EnvironmentVariable.value("DIGEST_DICTIONARY").map { [$0] } ?? []) + candidates)

    /// Debian's `wamerican-huge` (SCOWL, size 80), twice the size: words that are right but
    /// rare (telecom, uncrewed, homeport) and some run-together compounds. Asked only about
    /// a lowercase word the list above lacks; `DIGEST_EXTENDED_DICTIONARY` names another file.
    public static let extended: WordList = load(
        from: EnvironmentVariable.value("DIGEST_EXTENDED_DICTIONARY").map { [$0] } ?? ["/usr/share/dict/american-english-huge"])

    /// The first of `paths` that can be read, from the cache when it has the list.
    static func load(from paths: [String]) -> WordList {
        for path in paths {
            guard let stamp = FileStamp(path: path) else { continue }
            let cache = WordListCache(listPath: path, stamp: stamp)
            if let cached = cache?.load() { return cached }
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            let list = WordList(listBytes: Array(data), source: path)
            cache?.store(list)
            return list
        }
        return WordList(listBytes: [], source: nil)
    }

    public var isEmpty: Bool { entries.isEmpty }

    /// Whether `word` is in the list as written, or in lowercase when it is capitalized.
    public func contains(_ word: String) -> Bool {
        if entries.contains(Self.hash(word)) { return true }
        let lower = word.lowercased()
        return lower != word && lowercased.contains(Self.hash(lower))
    }

    /// Whether the list has `word` exactly as written (`Navy`, a name, as well as `navy`).
    public func containsExactly(_ word: String) -> Bool {
        entries.contains(Self.hash(word))
    }

    /// Whether the lowercase form is a common word (not only a name).
    public func isCommonWord(_ word: String) -> Bool {
        lowercased.contains(Self.hash(word.lowercased()))
    }

    static func startsLowercase(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        String(decoding: word.prefix(4), as: UTF8.self).first?.isLowercase == true
    }

    /// FNV-1a over the UTF-8 bytes, with the straight apostrophe read as the curly one, so
    /// that the list's `Japan's` matches an issue's `Japan’s`.
    static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hasher = FNV1a()
        for byte in bytes {
            if byte == 0x27 {
                hasher.combine(0xE2)
                hasher.combine(0x80)
                hasher.combine(0x99)
            } else {
                hasher.combine(byte)
            }
        }
        return hasher.value
    }

    static func hash(_ word: String) -> UInt64 {
        var word = word
        return word.withUTF8 { hash($0) }
    }
}
