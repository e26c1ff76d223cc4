import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A hashed word list saved in the user's cache folder.
///
/// The file holds a header (magic, format version, the two tables' sizes and counts) and
/// the two hash tables. A file that does not match is ignored and rewritten; failing to
/// write one only costs the next run the time to read the list again.
struct WordListCache {
    static let magic: UInt64 = 0x6469_6765_7374_5731  // "digestW1"
    static let formatVersion: UInt64 = 1

    let url: URL
    let listPath: String

    init?(listPath: String, attributes: [FileAttributeKey: Any]) {
        let environment = ProcessInfo.processInfo.environment
        let base: URL
        if let cacheHome = environment["XDG_CACHE_HOME"], !cacheHome.isEmpty {
            base = URL(fileURLWithPath: cacheHome)
        } else if let home = environment["HOME"], !home.isEmpty {
            base = URL(fileURLWithPath: home).appendingPathComponent(".cache")
        } else {
            return nil
        }
        let size = (attributes[.size] as? NSNumber)?.uint64Value ?? 0
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        let key = WordList.hash("\(listPath)|\(size)|\(modified)|\(Self.formatVersion)")
        url = base.appendingPathComponent("digest").appendingPathComponent("wordlist-\(String(key, radix: 16)).bin")
        self.listPath = listPath
    }

    func load() -> WordList? {
        guard let data = Self.mapped(url), data.count >= 48 else { return nil }
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

    /// The file's bytes, mapped with every page entered in the page table at once.
    ///
    /// Lookups land on random pages of the 8 MB table; mapped lazily, each first touch is a
    /// page fault, and a lint run touched hundreds. Populating the mapping up front is one
    /// system call for pages that are already in the page cache.
    static func mapped(_ url: URL) -> Data? {
        #if canImport(Glibc)
            let descriptor = open(url.path, O_RDONLY)
            guard descriptor >= 0 else { return nil }
            defer { close(descriptor) }
            var status = stat()
            guard fstat(descriptor, &status) == 0, status.st_size > 0 else { return nil }
            let size = Int(status.st_size)
            guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, descriptor, 0), address != MAP_FAILED else {
                return nil
            }
            return Data(bytesNoCopy: address, count: size, deallocator: .custom { address, size in munmap(address, size) })
        #else
            return try? Data(contentsOf: url, options: .alwaysMapped)
        #endif
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
