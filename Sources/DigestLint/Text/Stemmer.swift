/// Reduces an English word to a stem good enough to match inflections of the same word:
/// `hosts`, `hosted`, `hosting` and `host` all give `host`; `sanctions` and `sanction`,
/// `completes` and `completed`. It is deliberately simple: it only has to make two forms
/// of one word meet, never to produce a real root.
public enum Stemmer {
    public static func stem(_ word: String) -> String {
        var w = word.lowercased()
        for suffix in ["’s", "'s", "’", "'"] where w.hasSuffix(suffix) { w.removeLast(suffix.count) }
        guard w.count > 3 else { return w }
        let rules: [(String, String)] = [
            ("ies", "y"), ("ied", "y"), ("sses", "ss"), ("ing", ""), ("edly", ""), ("ed", ""), ("es", ""), ("s", ""),
            ("ly", ""),
        ]
        for (suffix, replacement) in rules where w.hasSuffix(suffix) && w.count - suffix.count >= 3 {
            if suffix == "s" && (w.hasSuffix("ss") || w.hasSuffix("us") || w.hasSuffix("is")) { continue }
            w = String(w.dropLast(suffix.count)) + replacement
            break
        }
        // hosted → host, but planning → plann → plan; complete/completes/completed → complet.
        if w.count > 3, let last = w.last, let before = w.dropLast().last, last == before, !"lsz".contains(last) {
            w.removeLast()
        }
        if w.hasSuffix("e"), w.count > 3 { w.removeLast() }
        return w
    }
}
