import DigestCore
import Foundation

/// What the corpus keeps of each issue file, saved between runs in the cache folder.
///
/// A pre-commit hook lints one file per process, and each process needs every other issue's
/// words, number and date; reading them back costs far less than parsing every issue again.
/// A file is matched by its path and a hash of its bytes, so an edited file is parsed anew.
/// The cache belongs to one build of digest and one title pattern (the one setting parsing
/// depends on). A cache that does not match, or does not read back whole (its payload
/// carries a checksum), is ignored and rewritten; failing to write one only costs the next
/// run the parsing.
struct CorpusCache {
    static let magic: UInt64 = 0x6469_6765_7374_4331  // "digestC1"
    static let formatVersion: UInt64 = 1
    static let headerSize = 40

    /// What is cached of one file: what the cross-issue rules read.
    struct Summary: Equatable, Sendable {
        var filePath: String
        var bytesHash: UInt64
        var number: IssueNumber?
        var date: IssueDate?
        var words: [String]
    }

    /// A volume and number, as a title gives them.
    struct IssueNumber: Equatable, Sendable {
        var volume: Int
        var number: Int
    }

    let url: URL
    /// Ties the file to this build of digest, the format and the title pattern.
    let key: UInt64

    /// The cache of the repository at `root`, or `nil` when there is no cache folder.
    init?(root: URL, titlePattern: TitlePattern) {
        guard let folder = CacheFolder.url, let build = Self.buildIdentity else { return nil }
        let rootHash = FNV1a.hash(root.standardizedFileURL.path.utf8)
        url = folder.appendingPathComponent("corpus-\(String(rootHash, radix: 16)).bin")
        key = FNV1a.hash("\(Self.formatVersion)|\(build)|\(titlePattern.description)".utf8)
    }

    /// FNV-1a over `bytes` exactly as they are, then their count.
    ///
    /// Not ``WordList/hash(_:)-(String)``, which reads a straight apostrophe as a curly one so that
    /// words match: a file whose only change is `'` for `’` must not look unchanged.
    static func contentHash(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var hasher = FNV1a()
        bytes.withUnsafeBufferPointer { buffer in
            for byte in buffer { hasher.combine(byte) }
        }
        hasher.combine(word: UInt64(bytes.count))
        return hasher.value
    }

    static func contentHash(_ bytes: [UInt8]) -> UInt64 {
        contentHash(bytes[...])
    }

    /// A cache in the file at `url`, written and read with `key`.
    init(url: URL, key: UInt64) {
        self.url = url
        self.key = key
    }

    /// The running executable's path, size and modification time: another build of digest
    /// may parse issues differently, so it does not trust this one's cache.
    static let buildIdentity: String? = {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? Bundle.main.executablePath
        guard let executable, let stamp = FileStamp(path: executable) else { return nil }
        return "\(executable)|\(stamp)"
    }()

    /// The cached summaries by file path; empty when there is no usable cache.
    func load() -> [String: Summary] {
        guard let data = try? Data(contentsOf: url) else { return [:] }
        return Self.decode(Array(data), key: key).map { Dictionary($0.map { ($0.filePath, $0) }, uniquingKeysWith: { first, _ in first }) }
            ?? [:]
    }

    func store(_ summaries: [Summary]) {
        store(records: summaries.map(Self.record))
    }

    /// Writes the cache from each file's ``record(_:)``, made beforehand on the core that
    /// parsed the file.
    func store(records: [[UInt8]]) {
        let bytes = Self.encode(records: records, key: key)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? Data(bytes).write(to: url, options: .atomic)
        pruneOthers()
    }

    /// At most this many repositories keep a cache; the ones written longest ago go first.
    static let repositoriesKept = 32

    /// Removes the caches of the repositories written longest ago, beyond
    /// ``repositoriesKept``: every repository linted once (a test's, a benchmark's scratch
    /// copy) leaves one, and a cache removed too early only costs its repository a parse.
    func pruneOthers() {
        let folder = url.deletingLastPathComponent()
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: folder.path) else { return }
        let caches = names.filter { $0.hasPrefix("corpus-") && $0.hasSuffix(".bin") }
        guard caches.count > Self.repositoriesKept else { return }
        let dated = caches.map { name in
            (name: name, written: FileStamp(path: folder.appendingPathComponent(name).path)?.modified ?? 0)
        }
        for old in dated.sorted(by: { $0.written > $1.written }).dropFirst(Self.repositoriesKept) {
            try? manager.removeItem(at: folder.appendingPathComponent(old.name))
        }
    }

    static func encode(_ summaries: [Summary], key: UInt64) -> [UInt8] {
        encode(records: summaries.map(record), key: key)
    }

    /// One file's summary as the cache writes it. Encoding a thousand files' words is worth
    /// the other cores, so each record is made apart and ``encode(records:key:)`` joins them.
    static func record(_ summary: Summary) -> [UInt8] {
        var record = ByteWriter()
        // Most words are short: a length and a few bytes each.
        record.bytes.reserveCapacity(64 + summary.filePath.utf8.count + summary.words.count * 16)
        record.append(summary.filePath)
        record.append(summary.bytesHash)
        record.append(summary.number.map { UInt64(bitPattern: Int64($0.volume)) } ?? UInt64.max)
        record.append(summary.number.map { UInt64(bitPattern: Int64($0.number)) } ?? UInt64.max)
        record.append(summary.date.map { UInt64($0.year * 10_000 + $0.month * 100 + $0.day) } ?? UInt64.max)
        record.append(UInt64(summary.words.count))
        for word in summary.words { record.append(word) }
        return record.bytes
    }

    static func encode(records: [[UInt8]], key: UInt64) -> [UInt8] {
        var payload = ByteWriter()
        payload.bytes.reserveCapacity(records.reduce(8) { $0 + $1.count })
        payload.append(UInt64(records.count))
        for record in records { payload.bytes += record }
        var file = ByteWriter()
        for field in [magic, formatVersion, key, contentHash(payload.bytes), UInt64(payload.bytes.count)] { file.append(field) }
        return file.bytes + payload.bytes
    }

    /// The summaries in `bytes`, or `nil` when they were written for another key or do not
    /// read back whole.
    static func decode(_ bytes: [UInt8], key: UInt64) -> [Summary]? {
        guard bytes.count >= headerSize else { return nil }
        var header = ByteReader(bytes[..<headerSize])
        guard header.uint64() == magic, header.uint64() == formatVersion, header.uint64() == key,
            let checksum = header.uint64(), let length = header.uint64(), length == UInt64(bytes.count - headerSize),
            contentHash(bytes[headerSize...]) == checksum
        else { return nil }
        var reader = ByteReader(bytes[headerSize...])
        guard let count = reader.uint64(), count <= UInt64(bytes.count) else { return nil }
        var summaries: [Summary] = []
        for _ in 0..<count {
            guard let filePath = reader.string(), let bytesHash = reader.uint64(), let volume = reader.uint64(),
                let number = reader.uint64(), let date = reader.uint64(), let wordCount = reader.uint64(),
                wordCount <= UInt64(bytes.count)
            else { return nil }
            var words: [String] = []
            words.reserveCapacity(Int(wordCount))
            for _ in 0..<wordCount {
                guard let word = reader.string() else { return nil }
                words.append(word)
            }
            var issueDate: IssueDate?
            if date != UInt64.max {
                let value = Int(truncatingIfNeeded: date)
                guard let parsed = IssueDate(year: value / 10_000, month: value / 100 % 100, day: value % 100) else { return nil }
                issueDate = parsed
            }
            let issueNumber =
                volume == UInt64.max || number == UInt64.max
                ? nil : IssueNumber(volume: Int(Int64(bitPattern: volume)), number: Int(Int64(bitPattern: number)))
            summaries.append(Summary(filePath: filePath, bytesHash: bytesHash, number: issueNumber, date: issueDate, words: words))
        }
        return reader.isAtEnd ? summaries : nil
    }
}

/// Little-endian integers, length-prefixed UTF-8 strings and byte strings: the caches' files.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func append(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ string: String) {
        append(UInt64(string.utf8.count))
        // From the string's buffer at once, not a byte at a time through its UTF8View.
        if string.utf8.withContiguousStorageIfAvailable({ bytes.append(contentsOf: $0) }) == nil {
            bytes.append(contentsOf: string.utf8)
        }
    }

    mutating func append(bytes more: [UInt8]) {
        append(UInt64(more.count))
        bytes += more
    }
}

/// Reads what ``ByteWriter`` wrote; every read says `nil` rather than run past the end.
struct ByteReader {
    let bytes: ArraySlice<UInt8>
    var offset: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        offset = bytes.startIndex
    }

    var isAtEnd: Bool { offset == bytes.endIndex }

    mutating func uint64() -> UInt64? {
        guard bytes.endIndex - offset >= 8 else { return nil }
        var value: UInt64 = 0
        for index in (0..<8).reversed() { value = value << 8 | UInt64(bytes[offset + index]) }
        offset += 8
        return value
    }

    mutating func string() -> String? {
        guard let length = uint64(), length <= UInt64(bytes.endIndex - offset) else { return nil }
        let end = offset + Int(length)
        guard let string = String(validating: bytes[offset..<end], as: UTF8.self) else { return nil }
        offset = end
        return string
    }

    mutating func byteString() -> [UInt8]? {
        guard let length = uint64(), length <= UInt64(bytes.endIndex - offset) else { return nil }
        let end = offset + Int(length)
        defer { offset = end }
        return Array(bytes[offset..<end])
    }
}
