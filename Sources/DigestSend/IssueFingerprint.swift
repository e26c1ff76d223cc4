import DigestCore
import DigestRender

extension MessageFactory {
    /// What every reader of this send receives, as 16 hex digits of FNV-1a: the subject and
    /// both editions as rendered, with the places for each reader's name and link left out.
    ///
    /// It is taken from the rendered messages rather than the source so that it
    /// changes exactly when a reader would see a difference: an edited word, date or link, a
    /// changed template or setting that shows. Comments, lint directives and lines rewrapped
    /// in the source change nothing readers see, so a resume after them goes on unasked.
    public var fingerprint: String {
        var hasher = FNV1a()
        func add(_ text: String) {
            for byte in text.utf8 { hasher.combine(byte) }
            // A separator no rendered text holds: the parser refuses control characters.
            hasher.combine(0)
        }
        add(subject)
        for edition in [text, html] {
            add("edition")
            for piece in edition.pieces {
                switch piece {
                case .text(let text): add(text)
                case .name: add("\u{1}name")
                case .unsubscribeURL: add("\u{1}unsubscribe")
                }
            }
        }
        let value = hasher.value
        return String(stride(from: 60, through: 0, by: -4).map { Character(String((value >> UInt64($0)) & 0xF, radix: 16)) })
    }
}
