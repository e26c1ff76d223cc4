import DigestCore

/// Issue text for the plain-text edition: wrapped on word boundaries, links as numbered
/// references so that no address is ever broken across lines.
public struct PlainText {
    /// The column lines are wrapped at.
    public static let width = 72

    /// Link addresses in the order they were numbered.
    public private(set) var references: [String] = []

    public init() {}

    /// The words of `inlines`, with `[n]` after each link's text.
    mutating func flatten(_ inlines: [Inline]) -> String {
        inlines.map { inline -> String in
            switch inline {
            case .text(let text): return text
            case .emphasis(let children), .strong(let children): return flatten(children)
            case .link(let label, let destination):
                let text = flatten(label)
                if let existing = references.firstIndex(of: destination) { return "\(text) [\(existing + 1)]" }
                references.append(destination)
                return "\(text) [\(references.count)]"
            }
        }.joined()
    }

    /// A bullet: the first line starts with `marker`, the rest are indented to line up.
    public mutating func bullet(_ inlines: [Inline], marker: String = "- ") -> String {
        Self.hanging(flatten(inlines), marker: marker)
    }

    /// `text` wrapped at ``width`` with a hanging indent the width of `marker`.
    public static func hanging(_ text: String, marker: String) -> String {
        let indent = String(repeating: " ", count: marker.count)
        let lines = wrap(text, width: width - marker.count)
        return lines.enumerated().map { ($0.offset == 0 ? marker : indent) + $0.element }.joined(separator: "\n")
    }

    /// Breaks `text` at spaces into lines of at most `width` characters; a longer word
    /// (an address) gets a line of its own.
    public static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if line.isEmpty {
                line = String(word)
            } else if line.count + 1 + word.count <= width {
                line += " " + word
            } else {
                lines.append(line)
                line = String(word)
            }
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }
}
