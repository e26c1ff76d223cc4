import DigestCore
import DigestTestSupport
import Foundation
import Testing

@testable import DigestLint

/// The substitution patterns' prefilters come from the cache only for the very same patterns
/// and build; anything else reads the patterns again.
@Suite("PrefilterCache")
struct PrefilterCacheTests {
    /// The house patterns, and ones whose prefilters use every part of the file: digits
    /// before literals with a lead, boundaries on both sides, nothing known.
    static let patterns =
        Settings.thisRepository.lint.substitutions.map(\.find) + [
            #"(January|February) ([0-9]{1,2})(?:st|nd|rd|th)"#, #"\b([Tt])rilat(s?)\b"#, #"(?i)anything"#, "",
        ]

    /// A folder of its own for each test, removed after it.
    final class Scratch {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("prefilter-cache-\(UUID().uuidString)")

        deinit {
            try? FileManager.default.removeItem(at: root)
        }

        var files: [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).filter { $0.hasPrefix("prefilters-") }
        }
    }

    @Test("prefilters read back from the file are the prefilters the patterns give")
    func roundTrip() throws {
        let made = Self.patterns.map(RequiredLiterals.init(pattern:))
        #expect(made.contains { !$0.afterDigit.isEmpty && !$0.afterDigit[0].lead.isEmpty })
        #expect(made.contains { $0.boundaries.before && $0.boundaries.after })
        #expect(made.contains { $0.alternatives.isEmpty })
        let decoded = try #require(PrefilterCache.decode(PrefilterCache.encode(made, key: 3), key: 3, count: made.count))
        #expect(decoded == made)
        #expect(PrefilterCache.decode(PrefilterCache.encode(made, key: 3), key: 4, count: made.count) == nil)
        #expect(PrefilterCache.decode(PrefilterCache.encode(made, key: 3), key: 3, count: made.count - 1) == nil)
    }

    @Test("a second run takes the prefilters from the file; other patterns or another build do not")
    func servedFromCache() throws {
        let scratch = Scratch()
        let first = PrefilterCache.prefilters(for: Self.patterns, folder: scratch.root, identity: "build-1")
        #expect(first == Self.patterns.map(RequiredLiterals.init(pattern:)))
        let file = try #require(scratch.files.first)
        #expect(scratch.files.count == 1)
        var status = stat()
        #expect(stat(scratch.root.appendingPathComponent(file).path, &status) == 0)
        #expect(status.st_mode & 0o777 == 0o600)
        // Prefilters the patterns do not give, written under their key: a run that answers
        // with them read the file.
        let key = PrefilterCache.key(for: Self.patterns, identity: "build-1")
        let marked = Self.patterns.map { _ in RequiredLiterals(alternatives: [Array("marked".utf8)], boundaries: .init(), afterDigit: []) }
        try Data(PrefilterCache.encode(marked, key: key)).write(to: scratch.root.appendingPathComponent(file))
        #expect(PrefilterCache.prefilters(for: Self.patterns, folder: scratch.root, identity: "build-1") == marked)
        // One pattern a byte longer, one with a letter changed (the same length), two
        // patterns joined differently, another build.
        var longer = Self.patterns
        longer[0] += "x"
        var edited = Self.patterns
        edited[0] = edited[0].replacingOccurrences(of: "U", with: "V")
        #expect(edited[0].utf8.count == Self.patterns[0].utf8.count && edited != Self.patterns)
        var rejoined = Self.patterns
        rejoined[1] = rejoined[0] + rejoined[1]
        rejoined[0] = ""
        for (patterns, identity) in [(longer, "build-1"), (edited, "build-1"), (rejoined, "build-1"), (Self.patterns, "build-2")] {
            #expect(
                PrefilterCache.prefilters(for: patterns, folder: scratch.root, identity: identity)
                    == patterns.map(RequiredLiterals.init(pattern:)))
        }
        #expect(scratch.files.count == 5)
    }

    @Test("a damaged file is read past and rewritten", arguments: ["truncated", "flipped", "empty", "folder"])
    func damaged(_ damage: String) throws {
        let scratch = Scratch()
        let expected = Self.patterns.map(RequiredLiterals.init(pattern:))
        _ = PrefilterCache.prefilters(for: Self.patterns, folder: scratch.root, identity: "b")
        let url = scratch.root.appendingPathComponent(try #require(scratch.files.first))
        var bytes = Array(try Data(contentsOf: url))
        switch damage {
        case "truncated": bytes.removeLast(bytes.count / 2)
        case "flipped": bytes[bytes.count - 5] ^= 0x01
        case "empty": bytes = []
        default: break
        }
        if damage == "folder" {
            try FileManager.default.removeItem(at: url)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } else {
            try Data(bytes).write(to: url)
        }
        #expect(PrefilterCache.prefilters(for: Self.patterns, folder: scratch.root, identity: "b") == expected)
        if damage != "folder" {
            let key = PrefilterCache.key(for: Self.patterns, identity: "b")
            #expect(PrefilterCache.decode(Array(try Data(contentsOf: url)), key: key, count: expected.count) == expected)
        }
    }

    @Test("a cache folder that cannot be made costs only the cache")
    func unwritable() throws {
        let scratch = Scratch()
        try FileManager.default.createDirectory(at: scratch.root, withIntermediateDirectories: true)
        let notAFolder = scratch.root.appendingPathComponent("file")
        try Data("x".utf8).write(to: notAFolder)
        for _ in 0..<2 {
            #expect(
                PrefilterCache.prefilters(for: Self.patterns, folder: notAFolder, identity: "b")
                    == Self.patterns.map(RequiredLiterals.init(pattern:)))
        }
    }

    @Test("the cache folder keeps the prefilters of the 32 tables written last")
    func pruning() throws {
        let scratch = Scratch()
        for index in 0..<(PrefilterCache.filesKept + 4) {
            _ = PrefilterCache.prefilters(for: ["pattern \(index)"], folder: scratch.root, identity: "b")
        }
        #expect(scratch.files.count == PrefilterCache.filesKept)
    }
}
