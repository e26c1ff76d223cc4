import DigestTestSupport
import Foundation
import Testing

@testable import DigestLint

@Suite("The word list's hash sets")
struct HashSet64Tests {
    @Test("A compacted set holds the same hashes, packed past half full, and maps back whole")
    func compactedSetKeepsEveryHash() throws {
        var random = SplitMix64.forTest(seed: 0xC0_4AC7)
        let stored = (0..<10_000).map { _ in random.next() } + [0]
        var set = HashSet64(minimumCapacity: 0)
        for hash in stored { set.insert(hash) }
        let compact = set.compacted()
        let slots = compact.bytes.count / MemoryLayout<UInt64>.size
        #expect(compact.count == set.count)
        #expect(slots < set.bytes.count / MemoryLayout<UInt64>.size)
        #expect(Double(compact.count) > 0.5 * Double(slots) && Double(compact.count) <= HashSet64.compactLoad * Double(slots))
        let mapped = try #require(HashSet64(mapping: compact.bytes, count: compact.count))
        let absent = (0..<10_000).map { _ in random.next() }
        for candidate in [compact, mapped] {
            #expect(stored.allSatisfy(candidate.contains))
            #expect(!absent.contains(where: candidate.contains))
        }
    }

    @Test("A word list's tables are packed: half the pages for each run's lookups to touch")
    func wordListTablesArePacked() {
        let words = (0..<10_000).map { "word\($0)" }
        let list = WordList(words: words, source: nil)
        for table in [list.entries, list.lowercased] {
            #expect(Double(table.count) > 0.5 * Double(table.bytes.count / MemoryLayout<UInt64>.size))
        }
        #expect(words.allSatisfy(list.contains) && words.allSatisfy(list.isCommonWord))
        #expect(!list.contains("word10000") && !list.contains("Word-1"))
    }
}
