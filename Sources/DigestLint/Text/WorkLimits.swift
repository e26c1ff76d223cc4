/// Bounds on the work `digest lint` does for one piece of text, so that every rule stays
/// linear in its input: a pasted document, a runaway script or binary junk finishes in the
/// pre-commit hook like an ordinary issue does. Text over a bound is reported, never
/// skipped without a word.
public enum WorkLimits {
    /// The longest word (in characters) that gets spelling suggestions and is compared with
    /// other names letter by letter; the longest English words and names run to about 30.
    public static let longestWord = 64

    /// The most headlines and details that are matched story by story: each headline is
    /// scored against each detail, and an issue has about five of each.
    public static let mostItemsMatched = 200

    /// Lines longer than this (in UTF-8 bytes) are shown clipped around the finding.
    static let longestLineShown = 200

    /// `text` as a message quotes it: whole when it is short, else its start and its length.
    public static func quoted(_ text: String) -> String {
        guard text.utf8.count > longestWord else { return "\"\(text)\"" }
        let scalars = text.unicodeScalars
        guard scalars.count > longestWord else { return "\"\(text)\"" }
        return "\"\(String(scalars.prefix(24)))…\" (\(scalars.count.grouped) characters)"
    }
}
