import Foundation

/// A hashed word list saved in the user's cache folder.
///
/// The file holds a header (magic, format version, the two tables' sizes and counts) and
/// the two hash tables. A file that does not match is ignored and rewritten; failing to
/// write one only costs the next run the time to read the list again.
struct WordListCache {
    static let magic: UInt64 = 0x6469_6765_7374_5731  // "digestW1"
    /// 2: tables packed to ``HashSet64/compactLoad``; a version 1 file still reads, but
    /// its tables are twice the size, so it is written anew.
    static let formatVersion: UInt64 = 2

    let url: URL
    let listPath: String

    init?(listPath: String, stamp: FileStamp) {
        guard let folder = CacheFolder.url else { return nil }
        let key = WordList.hash("\(listPath)|\(stamp)|\(Self.formatVersion)")
        url = folder.appendingPathComponent("wordlist-\(String(key, radix: 16)).bin")
        self.listPath = listPath
    }

    func load() -> WordList? {
        guard let data = try? Data(contentsOf: url, options: .alwaysMapped), data.count >= 48 else { return nil }
        let header = data.withUnsafeBytes { raw in (0..<6).map { raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self) } }
        guard header[0] == Self.magic, header[1] == Self.formatVersion else { return nil }
        let entriesBytes = Int(header[2])
        let lowercasedBytes = Int(header[4])
        guard 48 + entriesBytes + lowercasedBytes == data.count,
            let entries = HashSet64(mapping: data[48..<48 + entriesBytes], count: Int(header[3])),
            let lowercased = HashSet64(mapping: data[(48 + entriesBytes)..<data.count], count: Int(header[5]))
        else { return nil }
        return WordList(entries: entries, lowercased: lowercased, source: listPath)
    }

    func store(_ list: WordList) {
        let entries = list.entries.bytes
        let lowercased = list.lowercased.bytes
        var header: [UInt64] = [
            Self.magic, Self.formatVersion, UInt64(entries.count), UInt64(list.entries.count), UInt64(lowercased.count),
            UInt64(list.lowercased.count),
        ]
        var data = Data(bytes: &header, count: header.count * 8)
        data.append(contentsOf: entries)
        data.append(contentsOf: lowercased)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? data.write(to: url, options: .atomic)
    }
}
