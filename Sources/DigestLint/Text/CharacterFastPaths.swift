extension String {
    // `Character` properties and counts walk grapheme clusters and ask Unicode tables; the
    // cross-issue rules ask them of every word of every issue. Words are nearly always
    // ASCII, where a character is a byte, so these answer ASCII from the bytes and leave
    // the rest to the `Character` answer they stand in for.

    /// Whether the text is all ASCII, so that each byte is one character.
    var isASCIIOnly: Bool {
        utf8.withContiguousStorageIfAvailable { $0.allSatisfy { $0 < 0x80 } } ?? utf8.allSatisfy { $0 < 0x80 }
    }

    /// `count`, in characters.
    var characterCount: Int {
        isASCIIOnly ? utf8.count : count
    }

    /// `first?.isUppercase == true`.
    var startsUppercase: Bool {
        guard let byte = utf8.first else { return false }
        if byte < 0x80, utf8.count == 1 || utf8.dropFirst().first.map({ $0 < 0x80 }) == true {
            return byte >= 0x41 && byte <= 0x5A
        }
        return first?.isUppercase == true
    }

    /// `contains(where: \.isUppercase)`.
    var containsUppercase: Bool {
        isASCIIOnly ? utf8.contains { $0 >= 0x41 && $0 <= 0x5A } : contains(where: \.isUppercase)
    }
}

extension StringProtocol {
    /// `contains(character)` for an ASCII character that no combining mark follows in the
    /// text: without its byte the text cannot contain it, and in ASCII text the byte is it.
    func containsASCII(_ character: Unicode.Scalar) -> Bool {
        let byte = UInt8(truncatingIfNeeded: character.value)
        // Searched in the bytes' buffer: iterating a UTF8View byte by byte is several times slower.
        let found = utf8.withContiguousStorageIfAvailable { $0.contains(byte) } ?? utf8.contains(byte)
        guard character.isASCII, found else { return false }
        return (utf8.withContiguousStorageIfAvailable { $0.allSatisfy { $0 < 0x80 } } ?? utf8.allSatisfy { $0 < 0x80 })
            || contains(Character(character))
    }

    /// `contains(where: \.isNumber)`.
    var containsNumber: Bool {
        utf8.allSatisfy { $0 < 0x80 } ? utf8.contains { $0 >= 0x30 && $0 <= 0x39 } : contains(where: \.isNumber)
    }
}
