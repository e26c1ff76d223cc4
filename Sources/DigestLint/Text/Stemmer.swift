/// Reduces an English word to a stem good enough to match inflections of the same word:
/// `hosts`, `hosted`, `hosting` and `host` all give `host`; `sanctions` and `sanction`,
/// `completes` and `completed`. It is deliberately simple: it only has to make two forms
/// of one word meet, never to produce a real root.
public enum Stemmer {
    /// Suffixes and what replaces them, longest first within each family.
    static let rules: [(suffix: [UInt8], replacement: [UInt8])] = [
        ("ies", "y"), ("ied", "y"), ("sses", "ss"), ("ing", ""), ("edly", ""), ("ed", ""), ("es", ""), ("s", ""), ("ly", ""),
    ].map { (Array($0.0.utf8), Array($0.1.utf8)) }

    public static func stem(_ word: String) -> String {
        stem(lowercase: Substring(word.lowercased()))
    }

    /// Possessive endings, dropped before stemming.
    static let possessives = ["’s", "'s", "’", "'"].map { Array($0.utf8) }
    /// Endings where a final "s" is not a plural: glass, bus, crisis.
    static let keptFinalS = ["ss", "us", "is"].map { Array($0.utf8) }

    /// The stem of a word already in lowercase.
    static func stem(lowercase word: Substring) -> String {
        var bytes = Array(word.utf8)
        for suffix in possessives where bytes.count > suffix.count && bytes.ends(with: suffix) {
            bytes.removeLast(suffix.count)
            break
        }
        guard bytes.count > 3 else { return String(decoding: bytes, as: UTF8.self) }
        for rule in rules where bytes.count - rule.suffix.count >= 3 && bytes.ends(with: rule.suffix) {
            if rule.suffix == [UInt8(ascii: "s")], keptFinalS.contains(where: bytes.ends) {
                continue
            }
            bytes.removeLast(rule.suffix.count)
            bytes += rule.replacement
            break
        }
        // hosted → host, but planning → plann → plan; complete/completes/completed → complet.
        if bytes.count > 3, let last = bytes.last, bytes[bytes.count - 2] == last, !"lsz".utf8.contains(last) {
            bytes.removeLast()
        }
        if bytes.count > 3, bytes.last == UInt8(ascii: "e") { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count && self[(count - suffix.count)...].elementsEqual(suffix)
    }
}
