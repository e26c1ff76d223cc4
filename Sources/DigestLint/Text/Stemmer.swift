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
    ///
    /// The word is stemmed in a buffer on the stack: the headline-matching rule stems every
    /// word of every issue, and an array per word was a heap allocation each.
    static func stem(lowercase word: Substring) -> String {
        // A replacement is never longer than the suffix it replaces, so the word's length is room enough.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: word.utf8.count) { buffer in
            var length = 0
            for byte in word.utf8 {
                buffer[length] = byte
                length += 1
            }
            func ends(with suffix: [UInt8]) -> Bool {
                length >= suffix.count && suffix.indices.allSatisfy { buffer[length - suffix.count + $0] == suffix[$0] }
            }
            func stem() -> String {
                String(decoding: UnsafeBufferPointer(rebasing: buffer[..<length]), as: UTF8.self)
            }
            for suffix in possessives where length > suffix.count && ends(with: suffix) {
                length -= suffix.count
                break
            }
            guard length > 3 else { return stem() }
            for rule in rules where length - rule.suffix.count >= 3 && ends(with: rule.suffix) {
                if rule.suffix == [UInt8(ascii: "s")], keptFinalS.contains(where: ends) {
                    continue
                }
                length -= rule.suffix.count
                for byte in rule.replacement {
                    buffer[length] = byte
                    length += 1
                }
                break
            }
            // hosted → host, but planning → plann → plan; complete/completes/completed → complet.
            if length > 3, buffer[length - 2] == buffer[length - 1], !"lsz".utf8.contains(buffer[length - 1]) {
                length -= 1
            }
            if length > 3, buffer[length - 1] == UInt8(ascii: "e") { length -= 1 }
            return stem()
        }
    }
}
