/// Header values: RFC 2047 encoded-words for non-ASCII text, and display names quoted.
enum HeaderEncoding {
    /// `text` as is when it is printable ASCII, otherwise as `=?UTF-8?B?…?=` encoded-words of at
    /// most 75 characters each, split between whole characters and folded with CRLF SPACE.
    static func encodeWords(_ text: String) -> String {
        if text.utf8.allSatisfy(isPrintableASCII) { return text }
        var words: [String] = []
        var chunk: [UInt8] = []
        // 75 - "=?UTF-8?B?".count - "?=".count = 63 base64 characters: 45 bytes at most.
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45 {
                words.append(word(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append(word(chunk)) }
        return words.joined(separator: "\r\n ")
    }

    static func word(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?\(Base64.encode(bytes))?="
    }

    static func isPrintableASCII(_ byte: UInt8) -> Bool { byte >= 0x20 && byte < 0x7F }

    static let atextSymbols = Set("!#$%&'*+-/=?^_`{|}~".utf8)

    /// `Name <address>`, with the name quoted or encoded as needed.
    static func mailbox(name: String, address: String) -> String {
        guard !name.isEmpty else { return address }
        if name.utf8.allSatisfy(isPrintableASCII) {
            // Letters, digits, spaces and atext's symbols (RFC 5322) need no quotes.
            let atext = name.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                    UInt8(ascii: " "):
                    true
                default: Self.atextSymbols.contains(byte)
                }
            }
            let display =
                atext ? name : "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
            return "\(display) <\(address)>"
        }
        return "\(encodeWords(name)) <\(address)>"
    }
}

/// Base64 (RFC 4648): without line breaks for encoded-words, in 76-character lines for bodies.
enum Base64 {
    /// The length of ``wrapped(_:)`` for `count` bytes, CRLFs included (no CRLF after the last line).
    static func wrappedLength(of count: Int) -> Int {
        let characters = (count + 2) / 3 * 4
        return characters + max(0, (characters - 1) / 76) * 2
    }

    /// `bytes` in base64, in lines of 76 characters separated by CRLF (RFC 2045 §6.8).
    static func wrapped(_ bytes: [UInt8]) -> [UInt8] {
        let text = Array(encode(bytes).utf8)
        var output: [UInt8] = []
        output.reserveCapacity(wrappedLength(of: bytes.count))
        var start = 0
        while start < text.count {
            if start > 0 { output += [13, 10] }
            output += text[start..<min(start + 76, text.count)]
            start += 76
        }
        return output
    }

    static let alphabetBytes = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// The length of `count` bytes in base64 without line breaks.
    static func length(of count: Int) -> Int { (count + 2) / 3 * 4 }

    /// Pairs of base64 digits for every 12 bits, as they lie in memory: two digits a look-up.
    static let pairs: [UInt16] = (0..<4096).map {
        (UInt16(alphabetBytes[$0 >> 6]) | UInt16(alphabetBytes[$0 & 0x3F]) << 8).littleEndian
    }

    /// Writes `bytes` in base64 without line breaks at `output`, which has room for
    /// ``length(of:)`` bytes. An SES request holds a whole message so encoded: two digits a
    /// look-up and no intermediate copies cost half of Foundation's `base64EncodedData`.
    static func encode(_ bytes: UnsafeRawBufferPointer, into output: UnsafeMutablePointer<UInt8>) {
        pairs.withUnsafeBufferPointer { pairs in
            let count = bytes.count
            let raw = UnsafeMutableRawPointer(output)
            var input = 0
            var written = 0
            // Four bytes read at once while a fourth is there to read, three used.
            while input + 4 <= count {
                let group = Int(UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: input, as: UInt32.self)) >> 8)
                raw.storeBytes(of: pairs[group >> 12], toByteOffset: written, as: UInt16.self)
                raw.storeBytes(of: pairs[group & 0xFFF], toByteOffset: written + 2, as: UInt16.self)
                input += 3
                written += 4
            }
            while input + 3 <= count {
                let group = Int(bytes[input]) << 16 | Int(bytes[input + 1]) << 8 | Int(bytes[input + 2])
                raw.storeBytes(of: pairs[group >> 12], toByteOffset: written, as: UInt16.self)
                raw.storeBytes(of: pairs[group & 0xFFF], toByteOffset: written + 2, as: UInt16.self)
                input += 3
                written += 4
            }
            guard input < count else { return }
            let table = alphabetBytes
            let second = input + 1 < count
            let group = Int(bytes[input]) << 16 | (second ? Int(bytes[input + 1]) << 8 : 0)
            output[written] = table[group >> 18]
            output[written + 1] = table[group >> 12 & 0x3F]
            output[written + 2] = second ? table[group >> 6 & 0x3F] : UInt8(ascii: "=")
            output[written + 3] = UInt8(ascii: "=")
        }
    }

    /// `bytes` in base64 without line breaks, through the one encoder above.
    static func encode(_ bytes: [UInt8]) -> String {
        let count = length(of: bytes.count)
        guard count > 0 else { return "" }
        return String(unsafeUninitializedCapacity: count) { output in
            bytes.withUnsafeBytes { encode($0, into: output.baseAddress!) }
            return count
        }
    }
}
