import DigestCore

/// Issue text as HTML: every character escaped, emphasis and links as elements.
public enum InlineHTML {
    /// The HTML of `inlines`. Links keep only the schemes the format allows; the parser has
    /// already turned any other link into plain text.
    /// Without `links`, a link shows as its label: for text that is itself inside a link (a
    /// headline that jumps to its story), since an `<a>` inside an `<a>` is not HTML.
    public static func html(_ inlines: [Inline], linkStyle: String = "", links: Bool = true) -> String {
        inlines.map { html($0, linkStyle: linkStyle, links: links) }.joined()
    }

    static func html(_ inline: Inline, linkStyle: String, links: Bool) -> String {
        switch inline {
        case .text(let text):
            return escape(text)
        case .emphasis(let children):
            return "<em>\(html(children, linkStyle: linkStyle, links: links))</em>"
        case .strong(let children):
            return "<strong>\(html(children, linkStyle: linkStyle, links: links))</strong>"
        case .link(let label, let destination):
            guard links, Inline.allowedLinkSchemes.contains(where: destination.lowercased().hasPrefix) else {
                return html(label, linkStyle: linkStyle, links: links)
            }
            let style = linkStyle.isEmpty ? "" : " style=\"\(escape(linkStyle))\""
            return "<a href=\"\(escape(destination))\"\(style)>\(html(label, linkStyle: linkStyle, links: links))</a>"
        }
    }

    /// `&`, `<`, `>`, `"` and `'` as character references. Works on the UTF-8 bytes (the five
    /// are ASCII, and no byte of a multi-byte character is), and returns text with none of
    /// them as it is: a send escapes each reader's name and link.
    public static func escape(_ text: String) -> String {
        let bytes = text.utf8
        guard bytes.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return text }
        var escaped: [UInt8] = []
        escaped.reserveCapacity(bytes.count + 16)
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "&"): escaped += "&amp;".utf8
            case UInt8(ascii: "<"): escaped += "&lt;".utf8
            case UInt8(ascii: ">"): escaped += "&gt;".utf8
            case UInt8(ascii: "\""): escaped += "&quot;".utf8
            case UInt8(ascii: "'"): escaped += "&#39;".utf8
            default: escaped.append(byte)
            }
        }
        return String(decoding: escaped, as: UTF8.self)
    }
}
