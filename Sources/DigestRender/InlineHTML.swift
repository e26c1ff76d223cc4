import DigestCore

/// Issue text as HTML: every character escaped, emphasis and links as elements.
public enum InlineHTML {
    /// The HTML of `inlines`. Links keep only the schemes the format allows; the parser has
    /// already turned any other link into plain text.
    public static func html(_ inlines: [Inline], linkStyle: String = "") -> String {
        inlines.map { html($0, linkStyle: linkStyle) }.joined()
    }

    static func html(_ inline: Inline, linkStyle: String) -> String {
        switch inline {
        case .text(let text):
            return escape(text)
        case .emphasis(let children):
            return "<em>\(html(children, linkStyle: linkStyle))</em>"
        case .strong(let children):
            return "<strong>\(html(children, linkStyle: linkStyle))</strong>"
        case .link(let label, let destination):
            guard Inline.allowedLinkSchemes.contains(where: destination.lowercased().hasPrefix) else {
                return html(label, linkStyle: linkStyle)
            }
            let style = linkStyle.isEmpty ? "" : " style=\"\(escape(linkStyle))\""
            return "<a href=\"\(escape(destination))\"\(style)>\(html(label, linkStyle: linkStyle))</a>"
        }
    }

    /// `&`, `<`, `>`, `"` and `'` as character references.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }
}
