import DigestTestSupport
import Testing

@testable import DigestJournal

@Suite("The send record's compact table of readers sent")
struct SendRecordDigestSetTests {
    @Test("inserts, removals and re-insertions across many merges answer as a Set would")
    func matchesSet() {
        var random = SplitMix64.forTest(seed: 0xD16E_57_5E7)
        var compact = ReaderDigestSet()
        var reference: Set<ReaderDigest> = []
        // A pool small enough that readers come back: removed, inserted again, removed twice.
        let pool = (0..<12_000).map { ReaderDigest("reader\($0)@example.org") }
        for step in 0..<60_000 {
            let digest = pool[Int(random.next() % UInt64(pool.count))]
            if random.next() % 4 == 0 {
                compact.remove(digest)
                reference.remove(digest)
            } else {
                compact.insert(digest)
                reference.insert(digest)
            }
            if step % 997 == 0 {
                #expect(compact.count == reference.count, "step \(step)")
            }
        }
        #expect(compact.count == reference.count)
        #expect(compact.isEmpty == reference.isEmpty)
        for digest in pool { #expect(compact.contains(digest) == reference.contains(digest)) }
        var seen: [ReaderDigest] = []
        compact.forEach { seen.append($0) }
        #expect(seen.count == reference.count)
        #expect(Set(seen) == reference)
    }

    @Test("an empty table holds nothing, and a digest removed before it was ever inserted stays out")
    func empty() {
        var compact = ReaderDigestSet()
        let digest = ReaderDigest("editor@example.org")
        #expect(compact.isEmpty && !compact.contains(digest))
        compact.remove(digest)
        #expect(compact.count == 0)
        compact.insert(digest)
        compact.insert(digest)
        #expect(compact.count == 1 && compact.contains(digest))
    }
}
