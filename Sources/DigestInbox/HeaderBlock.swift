/// A block of `Name: value` fields, as a message's header or a report's field groups have
/// them: names lowercased, folded lines joined. Read from bytes that may be anything: a line
/// with no colon is skipped, and at most ``fieldLimit`` fields are kept.
public struct HeaderBlock: Sendable {
    /// The fields in order, names lowercased, values unfolded and trimmed.
    public private(set) var fields: [(name: String, value: String)] = []

    /// The most fields one block keeps: a real header has a few dozen, a hostile one millions.
    static let fieldLimit = 2_000
    /// The most bytes one value keeps.
    static let valueLimit = 16_384

    /// The first value of `name` (any letter case), or `nil`.
    public func first(_ name: String) -> String? {
        let name = name.lowercased()
        return fields.first { $0.name == name }?.value
    }

    /// Every value of `name`.
    public func all(_ name: String) -> [String] {
        let name = name.lowercased()
        return fields.filter { $0.name == name }.map(\.value)
    }

    /// Reads fields from the start of `bytes` up to the first empty line; returns the block
    /// and where what follows the empty line starts (`bytes.endIndex` when there is none).
    public static func parse(_ bytes: ArraySlice<UInt8>) -> (block: HeaderBlock, rest: Int) {
        var block = HeaderBlock()
        var name: String?
        var value: [UInt8] = []
        func flush() {
            if let name, block.fields.count < fieldLimit {
                block.fields.append((name, String(decoding: value, as: UTF8.self).trimmingBlanks))
            }
            name = nil
            value.removeAll(keepingCapacity: true)
        }
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let newline = bytes[index...].firstIndex(of: 0x0A) ?? bytes.endIndex
            var end = newline
            if end > index, bytes[end - 1] == 0x0D { end -= 1 }
            let line = bytes[index..<end]
            let next = newline == bytes.endIndex ? newline : newline + 1
            if line.isEmpty {
                flush()
                return (block, next)
            }
            if line.first == 0x20 || line.first == 0x09 {
                if name != nil, value.count < valueLimit {
                    value.append(0x20)
                    value += line.drop { $0 == 0x20 || $0 == 0x09 }.prefix(valueLimit)
                }
            } else {
                flush()
                if let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex {
                    let rawName = String(decoding: line[line.startIndex..<colon], as: UTF8.self).trimmingBlanks.lowercased()
                    if !rawName.isEmpty, !rawName.contains(" ") {
                        name = rawName
                        value += line[(colon + 1)...].prefix(valueLimit)
                    }
                }
            }
            index = next
        }
        flush()
        return (block, bytes.endIndex)
    }

    /// Every block in `bytes`, blank lines between them (a delivery-status report: the
    /// message's fields, then one block per recipient). At most `limit` blocks.
    public static func blocks(_ bytes: ArraySlice<UInt8>, limit: Int = 500) -> [HeaderBlock] {
        var blocks: [HeaderBlock] = []
        var rest = bytes
        while !rest.isEmpty, blocks.count < limit {
            // Blank lines between blocks (some servers write two).
            while let first = rest.first, first == 0x0A || first == 0x0D { rest = rest.dropFirst() }
            guard !rest.isEmpty else { break }
            let (block, next) = parse(rest)
            if !block.fields.isEmpty { blocks.append(block) }
            guard next > rest.startIndex else { break }
            rest = rest[next...]
        }
        return blocks
    }
}

extension String {
    /// The text without spaces and tabs at either end.
    var trimmingBlanks: String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }),
            let end = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })
        else { return "" }
        return String(scalars[start...end])
    }
}
