/// Undoing the transfer encodings a report's parts may come in.
enum TransferDecoding {
    /// Base64, skipping anything outside its alphabet (line breaks, stray characters);
    /// stops at the first `=`.
    static func base64(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 3 / 4)
        var buffer: UInt32 = 0
        var count = 0
        for byte in bytes {
            let value: UInt8
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = byte - UInt8(ascii: "A")
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = byte - UInt8(ascii: "a") + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0") + 52
            case UInt8(ascii: "+"): value = 62
            case UInt8(ascii: "/"): value = 63
            case UInt8(ascii: "="): return finish(output, buffer, count)
            default: continue
            }
            buffer = buffer << 6 | UInt32(value)
            count += 1
            if count == 4 {
                output += [UInt8(buffer >> 16 & 0xFF), UInt8(buffer >> 8 & 0xFF), UInt8(buffer & 0xFF)]
                buffer = 0
                count = 0
            }
        }
        return finish(output, buffer, count)
    }

    private static func finish(_ output: [UInt8], _ buffer: UInt32, _ count: Int) -> [UInt8] {
        var output = output
        if count == 2 { output.append(UInt8(buffer >> 4 & 0xFF)) }
        if count == 3 { output += [UInt8(buffer >> 10 & 0xFF), UInt8(buffer >> 2 & 0xFF)] }
        return output
    }

    /// Quoted-printable: `=XX` and soft line breaks; a broken escape is kept as it stands.
    static func quotedPrintable(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            default: nil
            }
        }
        while index < bytes.endIndex {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "=") else {
                output.append(byte)
                index += 1
                continue
            }
            let rest = bytes[(index + 1)...]
            if rest.starts(with: [0x0D, 0x0A]) {
                index += 3
            } else if rest.first == 0x0A {
                index += 2
            } else if rest.count >= 2, let high = hex(rest[rest.startIndex]), let low = hex(rest[rest.startIndex + 1]) {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(byte)
                index += 1
            }
        }
        return output
    }
}
