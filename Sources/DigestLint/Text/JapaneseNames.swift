import DigestCore
import Foundation

/// Romanised Japanese names of people, places and firms ("Kihara", "Kenji", "Rebun", "Denso"), so
/// that a real name is not taken for a misspelling, nor two people one letter apart (Hamada,
/// Yamada) for one name spelled two ways.
///
/// The names come from the IPA dictionary's lists (Debian's `mecab-ipadic`, the dictionary
/// MeCab and most Japanese text tools are built on: 13,000 family and 19,000 given names,
/// 70,000 places and 16,000 organisations, each with its reading), read in katakana and romanised in the Hepburn
/// style newspapers use, with and without long vowels (Tarou, Taro; Oono, Ono). The romanised
/// list is hashed and cached like the English word list, and read only when a rule first asks
/// about a name, which most issues never make it do.
public final class JapaneseNames: Sendable {
    /// Where Debian puts the lists; `DIGEST_JAPANESE_NAMES` names other files of their format,
    /// separated by colons.
    static let defaultPaths = [
        "/usr/share/mecab/dic/ipadic/Noun.name.csv", "/usr/share/mecab/dic/ipadic/Noun.place.csv",
        "/usr/share/mecab/dic/ipadic/Noun.org.csv",
    ]

    /// The names, in lowercase, hashed; empty when the lists are not installed.
    let names: WordList

    /// The names of the installed lists, read (or mapped from the cache) on first use.
    public static let system: JapaneseNames = {
        let paths =
            EnvironmentVariable.value("DIGEST_JAPANESE_NAMES").map { $0.split(separator: ":").map(String.init) } ?? defaultPaths
        let stamps = paths.compactMap { path in FileStamp(path: path).map { "\(path)|\($0)" } }
        // One cache entry for the lists as they are: the key names every file with its stamp.
        let cache =
            stamps.count == paths.count
            ? FileStamp(path: paths[0]).flatMap { WordListCache(listPath: "romanised:" + stamps.joined(separator: ";"), stamp: $0) } : nil
        if let cached = cache?.load() { return JapaneseNames(names: cached) }
        var names = Set<String>()
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            names.formUnion(JapaneseNames.romanised(csv: Array(data)))
        }
        let list = WordList(words: names.sorted(), source: paths.joined(separator: ":"))
        if !names.isEmpty { cache?.store(list) }
        return JapaneseNames(names: list)
    }()

    init(names: WordList) {
        self.names = names
    }

    /// The romanised readings of a list in the dictionary's EUC-JP CSV: each line's twelfth
    /// field is the reading in katakana, whose two-byte codes map straight onto the Unicode
    /// block, so no general decoder is needed.
    static func romanised(csv bytes: [UInt8]) -> Set<String> {
        var names = Set<String>()
        names.reserveCapacity(bytes.count / 40)
        var field = 0
        var reading: [UInt16] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                if !reading.isEmpty { Self.insertRomanised(reading, into: &names) }
                field = 0
                reading.removeAll(keepingCapacity: true)
                index += 1
                continue
            }
            if byte == UInt8(ascii: ",") {
                field += 1
                index += 1
                continue
            }
            if byte >= 0x80, index + 1 < bytes.count {
                // A two-byte character; in the reading field, katakana (row 5) and the long-vowel mark.
                if field == 11 {
                    let second = bytes[index + 1]
                    if byte == 0xA5, second >= 0xA1, second <= 0xF6 {
                        reading.append(0x30A1 + UInt16(second - 0xA1))
                    } else if byte == 0xA1, second == 0xBC {
                        reading.append(0x30FC)
                    }
                }
                index += 2
                continue
            }
            index += 1
        }
        if !reading.isEmpty { Self.insertRomanised(reading, into: &names) }
        return names
    }

    public var isEmpty: Bool { names.isEmpty }

    /// Whether `word` (any case) is a romanised Japanese name.
    public func contains(_ word: String) -> Bool {
        names.isCommonWord(word)
    }

    /// Katakana syllables in Hepburn, by code point offset from ァ (U+30A1).
    static let syllables: [String] = [
        "a", "a", "i", "i", "u", "u", "e", "e", "o", "o", "ka", "ga", "ki", "gi", "ku", "gu", "ke", "ge", "ko", "go", "sa",
        "za", "shi", "ji", "su", "zu", "se", "ze", "so", "zo", "ta", "da", "chi", "ji", "", "tsu", "zu", "te", "de", "to",
        "do", "na", "ni", "nu", "ne", "no", "ha", "ba", "pa", "hi", "bi", "pi", "fu", "bu", "pu", "he", "be", "pe", "ho",
        "bo", "po", "ma", "mi", "mu", "me", "mo", "ya", "ya", "yu", "yu", "yo", "yo", "ra", "ri", "ru", "re", "ro", "wa",
        "wa", "i", "e", "o", "n", "vu", "ka", "ke",
    ]

    static func insertRomanised(_ reading: [UInt16], into names: inout Set<String>) {
        var romaji = ""
        var doubleNext = false
        for code in reading {
            if code == 0x30FC {
                // The long-vowel mark repeats the vowel before it.
                if let last = romaji.last, "aiueo".contains(last) { romaji.append(last) }
                continue
            }
            let offset = Int(code) - 0x30A1
            guard offset >= 0, offset < syllables.count else { return }
            // ッ (small tsu) doubles the next consonant.
            if code == 0x30C3 {
                doubleNext = true
                continue
            }
            var syllable = syllables[offset]
            // ャ ュ ョ (small ya, yu, yo) join the syllable before: キャ kya, シャ sha, チョ cho.
            if [0x30E3, 0x30E5, 0x30E7].contains(code), romaji.hasSuffix("i") {
                romaji.removeLast()
                if romaji.hasSuffix("sh") || romaji.hasSuffix("ch") || romaji.hasSuffix("j") {
                    syllable.removeFirst()
                }
            }
            if doubleNext, let first = syllable.first, !"aiueon".contains(first) {
                romaji.append(first == "c" ? "t" : first)
            }
            doubleNext = false
            romaji += syllable
        }
        guard romaji.count >= 2 else { return }
        names.insert(romaji)
        // Newspapers drop long vowels: Tarou is Taro, Oono is Ono, Yuuko is Yuko.
        var short = romaji
        for (long, plain) in [("ou", "o"), ("oo", "o"), ("uu", "u")] {
            short = short.replacingOccurrences(of: long, with: plain)
        }
        names.insert(short)
        // And write n as m before b, m and p (Shimbun, Namba) in the older style.
        if short.contains("nb") || short.contains("np") || short.contains("nm") {
            names.insert(short.replacingOccurrences(of: "nb", with: "mb").replacingOccurrences(of: "np", with: "mp"))
        }
    }
}
