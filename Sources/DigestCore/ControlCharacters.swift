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
