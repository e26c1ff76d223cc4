extension String {
    /// Whether the text holds a C0 control character (U+0000–U+001F) or DEL: what no header
    /// value, settings value or subscriber name may hold. Each is a single byte in UTF-8,
    /// never part of a longer character, so the bytes are read, from the string's own storage
    /// when it has one (this runs for every header of every message a send makes).
    public var containsControlCharacter: Bool {
        let isControl = { (byte: UInt8) in byte < 0x20 || byte == 0x7F }
        return utf8.withContiguousStorageIfAvailable { $0.contains(where: isControl) } ?? utf8.contains(where: isControl)
    }
}

extension String {
    /// The text with each control character (C0, DEL and C1) written as `\u{1B}`, for a
    /// message that quotes a value from a file: an escape sequence read from a hostile
    /// import would otherwise drive the editor's terminal.
    public var controlCharactersShown: String {
        guard unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return self }
        var shown = ""
        for scalar in unicodeScalars {
            if scalar.properties.generalCategory == .control {
                shown += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                shown.unicodeScalars.append(scalar)
            }
        }
        return shown
    }
}
