import DigestTestSupport
import Testing

@testable import DigestJournal

@Suite("The journal replay's compact table of readers sent")
struct ReaderFingerprintSetTests {
    @Test("inserts, removals and re-insertions across many merges answer as a Set would")
    func matchesSet() {
        var random = SplitMix64.forTest(seed: 0xD16E_57_5E7)
        var compact = ReaderFingerprintSet()
        var reference: Set<ReaderFingerprint> = []
        // A pool small enough that readers come back: removed, inserted again, removed twice.
        let pool = (0..<12_000).map { ReaderFingerprint("reader\($0)@example.org") }
        for step in 0..<60_000 {
            let fingerprint = pool[Int(random.next() % UInt64(pool.count))]
            if random.next() % 4 == 0 {
                compact.remove(fingerprint)
                reference.remove(fingerprint)
            } else {
                compact.insert(fingerprint)
                reference.insert(fingerprint)
            }
            if step % 997 == 0 {
                #expect(compact.count == reference.count, "step \(step)")
            }
        }
        #expect(compact.count == reference.count)
        #expect(compact.isEmpty == reference.isEmpty)
        for fingerprint in pool { #expect(compact.contains(fingerprint) == reference.contains(fingerprint)) }
        var seen: [ReaderFingerprint] = []
        compact.forEach { seen.append($0) }
        #expect(seen.count == reference.count)
        #expect(Set(seen) == reference)
    }

    @Test("many inserted at once, beside single inserts and removals, with repeats and readers already there: as a Set")
    func insertsMany() {
        var random = SplitMix64.forTest(seed: 0xBA7C_4ED)
        var compact = ReaderFingerprintSet()
        var reference: Set<ReaderFingerprint> = []
        let pool = (0..<20_000).map { ReaderFingerprint("reader\($0)@example.org") }
        for round in 0..<30 {
            for _ in 0..<Int(random.next() % 500) {
                let fingerprint = pool[Int(random.next() % UInt64(pool.count))]
                if random.next() % 3 == 0 {
                    compact.remove(fingerprint)
                    reference.remove(fingerprint)
                } else {
                    compact.insert(fingerprint)
                    reference.insert(fingerprint)
                }
            }
            // Below and above the size at which a batch is merged in one go.
            let batch = (0..<Int(random.next() % 3_000)).map { _ in pool[Int(random.next() % UInt64(pool.count))] }
            compact.insert(contentsOf: batch)
            reference.formUnion(batch)
            #expect(compact.count == reference.count, "round \(round)")
        }
        for fingerprint in pool { #expect(compact.contains(fingerprint) == reference.contains(fingerprint)) }
        var seen: [ReaderFingerprint] = []
        compact.forEach { seen.append($0) }
        #expect(seen.count == reference.count && Set(seen) == reference)
    }

    @Test("a batch handed over is sorted where it lies, beside single inserts not yet merged; one its caller keeps is copied")
    func batchSortedInPlace() {
        let batch = (0..<5_000).map { ReaderFingerprint("reader\($0)@example.org") }
        var kept = ReaderFingerprintSet()
        kept.insert(contentsOf: batch)
        let keptSortedInPlace = kept.batchSortedInPlace
        #expect(!keptSortedInPlace)
        // Single inserts not yet merged, some of them in the batch too.
        var handedOver = ReaderFingerprintSet()
        for index in 4_990..<5_010 { handedOver.insert(ReaderFingerprint("reader\(index)@example.org")) }
        // Made whole (no room to spare: growing it would copy it), one reader in it twice.
        var given = (batch + [batch[17]]).shuffled()
        handedOver.insert(contentsOf: consume given)
        let handedOverSortedInPlace = handedOver.batchSortedInPlace
        #expect(handedOverSortedInPlace)
        #expect(handedOver.count == 5_010)
        for fingerprint in batch { #expect(handedOver.contains(fingerprint)) }
        for index in 5_000..<5_010 { #expect(handedOver.contains(ReaderFingerprint("reader\(index)@example.org"))) }
        #expect(!handedOver.contains(ReaderFingerprint("reader5010@example.org")))
    }

    @Test("a merge copies one bucket at a time, never the whole table, so 100,000 readers are not held twice over")
    func mergesBucketByBucket() {
        var compact = ReaderFingerprintSet()
        let count = 100_000
        for index in 0..<count { compact.insert(ReaderFingerprint("reader\(index)@example.org")) }
        #expect(compact.count == count)
        // 256 buckets of about 390 each; the whole table would be 100,000.
        #expect(compact.largestCopy > 0)
        #expect(compact.largestCopy < count / 100, "\(compact.largestCopy)")
        for index in stride(from: 0, to: count, by: 997) {
            #expect(compact.contains(ReaderFingerprint("reader\(index)@example.org")))
        }
        #expect(!compact.contains(ReaderFingerprint("reader\(count)@example.org")))
    }

    @Test("an empty table holds nothing, and a fingerprint removed before it was ever inserted stays out")
    func empty() {
        var compact = ReaderFingerprintSet()
        let fingerprint = ReaderFingerprint("editor@example.org")
        #expect(compact.isEmpty && !compact.contains(fingerprint))
        compact.remove(fingerprint)
        #expect(compact.count == 0)
        compact.insert(fingerprint)
        compact.insert(fingerprint)
        #expect(compact.count == 1 && compact.contains(fingerprint))
    }
}
