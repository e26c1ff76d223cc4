/// A piece of headline or detail text: plain words, emphasis, or a link.
public indirect enum Inline: Equatable, Sendable {
    case text(String)
    /// `*emphasis*`
    case emphasis([Inline])
    /// `**strong**`
    case strong([Inline])
    /// `[label](https://…)`
    case link(label: [Inline], destination: String)

    /// The words a reader sees, without markup.
    public static func plainText(of inlines: [Inline]) -> String {
        inlines.map(\.plainText).joined()
    }

    public var plainText: String {
        switch self {
        case .text(let text): text
        case .emphasis(let children), .strong(let children): Inline.plainText(of: children)
        case .link(let label, _): Inline.plainText(of: label)
        }
    }

    /// The link schemes an issue may use. Anything else (`javascript:`, `data:`) is refused.
    public static let allowedLinkSchemes = ["https://", "http://", "mailto:"]
}
