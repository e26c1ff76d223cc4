import DigestArchive
import DigestCore
import DigestTestSupport
import Foundation
import Testing

@testable import DigestLint

@Suite("The corpus cache")
struct CorpusCacheTests {
    /// A repository with the seeds' archive in a fresh folder, and the path of its cache file.
    struct Scratch {
        let repository: Repository
        let cache: CorpusCache

        init() throws {
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("digest-corpus-\(UUID().uuidString)")
            let settings = Settings.thisRepository
            let archive = root.appendingPathComponent(settings.folders.archive)
            try FileManager.default.createDirectory(at: archive, withIntermediateDirectories: true)
            for url in try IssueCatalog.issueFiles(in: projectRoot.appendingPathComponent("seeds/archive")) {
                try FileManager.default.copyItem(at: url, to: archive.appendingPathComponent(url.lastPathComponent))
            }
            repository = Repository(root: root, settings: settings)
            cache = try #require(CorpusCache(root: root, titlePattern: settings.publication.title))
        }

        func remove() {
            try? FileManager.default.removeItem(at: repository.root)
            try? FileManager.default.removeItem(at: cache.url)
        }
    }

    /// What the rules read of each entry.
    static func summaries(_ corpus: IssueCorpus) -> [String] {
        corpus.entries.map { entry in
            "\(entry.path) \(entry.isDraft) \(entry.volumeAndNumber ?? "-") \(entry.date.map { "\($0)" } ?? "-") \(entry.words.sorted())"
        }
    }

    @Test("entries read back from the cache are the entries parsing gives, and lint the same")
    func roundTrip() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let parsed = IssueCorpus.load(from: scratch.repository)
        #expect(FileManager.default.fileExists(atPath: scratch.cache.url.path))
        let cached = IssueCorpus.load(from: scratch.repository)
        #expect(cached.entries.allSatisfy { $0.parsed == nil }, "the second load parsed again")
        #expect(Self.summaries(cached) == Self.summaries(parsed))
        for entry in parsed.entries {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: entry.filePath)))
            let fresh = Linter(settings: scratch.repository.settings, corpus: parsed).lint(
                bytes: bytes, path: entry.path, filePath: entry.filePath)
            let fromCache = Linter(settings: scratch.repository.settings, corpus: cached).lint(
                bytes: bytes, path: entry.path, filePath: entry.filePath)
            #expect(fromCache.diagnostics == fresh.diagnostics)
        }
    }

    @Test("an edited file is parsed again, and a deleted one leaves the corpus")
    func invalidation() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        _ = IssueCorpus.load(from: scratch.repository)
        let files = try IssueCatalog.issueFiles(in: scratch.repository.archiveFolder)
        let edited = files[0]
        let text = String(decoding: try Data(contentsOf: edited), as: UTF8.self)
        try Data(text.replacingOccurrences(of: "Details\n- ", with: "Details\n- Zyzzogeton ").utf8).write(to: edited)
        try FileManager.default.removeItem(at: files[1])
        let corpus = IssueCorpus.load(from: scratch.repository)
        #expect(corpus.entries.count == files.count - 1)
        let entry = try #require(corpus.entries.first { $0.filePath == edited.standardizedFileURL.path })
        #expect(entry.parsed != nil)
        #expect(entry.words.contains("Zyzzogeton"))
        #expect(!corpus.entries.contains { $0.filePath == files[1].standardizedFileURL.path })
    }

    @Test("a file whose only change is a straight apostrophe for a curly one is parsed again")
    func apostrophe() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        _ = IssueCorpus.load(from: scratch.repository)
        let edited = try #require(try IssueCatalog.issueFiles(in: scratch.repository.archiveFolder).first)
        let text = String(decoding: try Data(contentsOf: edited), as: UTF8.self)
        let straight = try #require(text.range(of: "’"))
        try Data(text.replacingCharacters(in: straight, with: "'").utf8).write(to: edited)
        let entry = try #require(
            IssueCorpus.load(from: scratch.repository).entries.first { $0.filePath == edited.standardizedFileURL.path })
        #expect(entry.parsed != nil)
    }

    @Test("a damaged cache is ignored: the corpus is parsed and the cache written anew")
    func damaged() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let parsed = IssueCorpus.load(from: scratch.repository)
        var bytes = Array(try Data(contentsOf: scratch.cache.url))
        bytes[bytes.count / 2] ^= 0xFF
        for damaged in [bytes, Array(bytes.prefix(bytes.count / 3)), [], Array("not a cache".utf8)] {
            try Data(damaged).write(to: scratch.cache.url)
            let corpus = IssueCorpus.load(from: scratch.repository)
            #expect(corpus.entries.allSatisfy { $0.parsed != nil })
            #expect(Self.summaries(corpus) == Self.summaries(parsed))
        }
        #expect(IssueCorpus.load(from: scratch.repository).entries.allSatisfy { $0.parsed == nil })
    }

    @Test("the caches of the repositories written longest ago are removed beyond the ones kept")
    func pruning() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-caches-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let now = Date()
        for index in 0..<40 {
            let file = folder.appendingPathComponent("corpus-\(index).bin")
            try Data([1]).write(to: file)
            try FileManager.default.setAttributes(
                [.modificationDate: now.addingTimeInterval(Double(index - 100) * 60)], ofItemAtPath: file.path)
        }
        try Data([1]).write(to: folder.appendingPathComponent("wordlist-1.bin"))
        CorpusCache(url: folder.appendingPathComponent("corpus-new.bin"), key: 1).store([])
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path))
        #expect(left.count == CorpusCache.repositoriesKept + 1)
        #expect(left.contains("corpus-new.bin") && left.contains("wordlist-1.bin") && left.contains("corpus-39.bin"))
        #expect(!left.contains("corpus-0.bin"))
    }

    @Test("a cache written for another build or title pattern is not read")
    func otherKey() throws {
        let summary = CorpusCache.Summary(
            filePath: "/a.issue", bytesHash: 7, number: .init(volume: 2, number: 5), date: IssueDate(year: 2023, month: 3, day: 23),
            words: ["Kishida", "co-operation", "Japan’s"])
        let bytes = CorpusCache.encode([summary], key: 1)
        #expect(CorpusCache.decode(bytes, key: 1) == [summary])
        #expect(CorpusCache.decode(bytes, key: 2) == nil)
    }
}
