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
    static let file = CacheFile(magic: 0x6469_6765_7374_4331, formatVersion: 1, prefix: "corpus-")  // "digestC1"
    /// At most this many repositories keep a cache: every repository linted once (a test's, a
    /// benchmark's scratch copy) leaves one, and a cache removed too early only costs its
    /// repository a parse.
    static var repositoriesKept: Int { file.filesKept }

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
        guard let folder = CacheFolder.url, let build = CacheFolder.buildIdentity else { return nil }
        let rootHash = FNV1a.hash(root.standardizedFileURL.path.utf8)
        url = Self.file.url(in: folder, name: rootHash)
        key = FNV1a.hash("\(Self.file.formatVersion)|\(build)|\(titlePattern.description)".utf8)
    }

    /// FNV-1a over `bytes` exactly as they are, then their count.
    ///
    /// Not ``WordList/hash(_:)-(String)``, which reads a straight apostrophe as a curly one so that
    /// words match: a file whose only change is `'` for `’` must not look unchanged.
    static func contentHash(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        CacheFile.contentHash(bytes)
    }

    static func contentHash(_ bytes: [UInt8]) -> UInt64 {
        contentHash(bytes[...])
    }

    /// A cache in the file at `url`, written and read with `key`.
    init(url: URL, key: UInt64) {
        self.url = url
        self.key = key
    }

    /// The cached summaries by file path; empty when there is no usable cache.
    func load() -> [String: Summary] {
        guard let payload = Self.file.read(url, key: key) else { return [:] }
        return Self.summaries(in: payload).map { Dictionary($0.map { ($0.filePath, $0) }, uniquingKeysWith: { first, _ in first }) }
            ?? [:]
    }

    func store(_ summaries: [Summary]) {
        store(records: summaries.map(Self.record))
    }

    /// Writes the cache from each file's ``record(_:)``, made beforehand on the core that
    /// parsed the file.
    func store(records: [[UInt8]]) {
        Self.file.store(Self.payload(records: records), key: key, at: url)
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
        file.framed(payload(records: records), key: key)
    }

    static func payload(records: [[UInt8]]) -> [UInt8] {
        var payload = ByteWriter()
        payload.bytes.reserveCapacity(records.reduce(8) { $0 + $1.count })
        payload.append(UInt64(records.count))
        for record in records { payload.bytes += record }
        return payload.bytes
    }

    /// The summaries in `bytes`, or `nil` when they were written for another key or do not
    /// read back whole.
    static func decode(_ bytes: [UInt8], key: UInt64) -> [Summary]? {
        file.payload(of: bytes, key: key).flatMap(summaries(in:))
    }

    static func summaries(in payload: ArraySlice<UInt8>) -> [Summary]? {
        var reader = ByteReader(payload)
        guard let count = reader.count() else { return nil }
        var summaries: [Summary] = []
        for _ in 0..<count {
            guard let filePath = reader.string(), let bytesHash = reader.uint64(), let volume = reader.uint64(),
                let number = reader.uint64(), let date = reader.uint64(), let wordCount = reader.count()
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
