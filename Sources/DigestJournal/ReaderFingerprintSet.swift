import DigestCore

/// Readers as ``ReaderFingerprint``s in about 20 bytes each, for the journal's record of who was
/// sent: sorted arrays hold most of them, a small table the newest, and another those
/// taken out of the arrays since they were last merged. A `Set` of 100,000 fingerprints takes 4 MB
/// (6 MB while it doubles), and the journal is replayed into one at the end of a send,
/// when its memory is at its peak.
struct ReaderFingerprintSet: Sendable {
    /// The merged fingerprints, sorted, in ``bucketCount`` arrays by their first byte: a
    /// merge copies one bucket at a time, so the set is never held twice over (one sorted
    /// array of 100,000 was: 3.2 MB at the last merge, not 1.6).
    private var buckets: [[ReaderFingerprint]] = []
    private var bucketed = 0
    private var recent: Set<ReaderFingerprint> = []
    /// Fingerprints in `buckets` that were removed since the last merge.
    private var removed: Set<ReaderFingerprint> = []
    /// Merged into `buckets` when `recent` reaches an eighth of them: a merge copies each
    /// bucket once, so its cost per insertion stays constant, and the tables stay small.
    private static let smallestMerge = 1_024
    static let bucketCount = 256

    /// The longest array a merge has made (a bucket, copied while its old array is held): tests.
    private(set) var largestCopy = 0

    var count: Int { bucketed - removed.count + recent.count }
    var isEmpty: Bool { count == 0 }

    func contains(_ fingerprint: ReaderFingerprint) -> Bool {
        recent.contains(fingerprint) || (inBuckets(fingerprint) && !removed.contains(fingerprint))
    }

    mutating func insert(_ fingerprint: ReaderFingerprint) {
        if inBuckets(fingerprint) {
            removed.remove(fingerprint)
            return
        }
        recent.insert(fingerprint)
        if recent.count >= max(Self.smallestMerge, bucketed / 8) {
            let newest = recent.sorted()
            // The table goes before the buckets are copied.
            recent = []
            merge(newest)
        }
    }

    /// Inserts many at once, with one merge: a run's readers, added when it ends. The batch
    /// is sorted where it lies: handed over by its only holder (`consume`), it is not copied
    /// (at the end of a 100,000-reader send a copy was 1.6 MB of the send's peak memory).
    mutating func insert(contentsOf fingerprints: consuming [ReaderFingerprint]) {
        guard fingerprints.count >= Self.smallestMerge else {
            for fingerprint in fingerprints { insert(fingerprint) }
            return
        }
        let given = fingerprints.withUnsafeBufferPointer { $0.baseAddress }
        // Those already in the buckets stay there; the others are kept in place.
        var kept = 0
        for index in fingerprints.indices {
            let fingerprint = fingerprints[index]
            if inBuckets(fingerprint) {
                removed.remove(fingerprint)
            } else {
                fingerprints[kept] = fingerprint
                kept += 1
            }
        }
        fingerprints.removeLast(fingerprints.count - kept)
        fingerprints.sort()
        // A reader noted twice is kept once.
        kept = 0
        for index in fingerprints.indices where kept == 0 || fingerprints[index] != fingerprints[kept - 1] {
            fingerprints[kept] = fingerprints[index]
            kept += 1
        }
        fingerprints.removeLast(fingerprints.count - kept)
        batchSortedInPlace = fingerprints.withUnsafeBufferPointer { $0.baseAddress } == given
        merge(fingerprints)
        // The newest single inserts go in on their own (appended, they would make the batch
        // grow, a copy): those the batch also held are in the buckets now.
        if !recent.isEmpty {
            let rest = recent.filter { !inBuckets($0) }.sorted()
            recent = []
            merge(rest)
        }
    }

    /// Whether the last batch inserted at once was sorted in its own storage, not a copy: tests.
    private(set) var batchSortedInPlace = false

    mutating func remove(_ fingerprint: ReaderFingerprint) {
        if recent.remove(fingerprint) != nil { return }
        if inBuckets(fingerprint) { removed.insert(fingerprint) }
    }

    /// Every fingerprint once, in no particular order.
    func forEach(_ body: (ReaderFingerprint) -> Void) {
        for bucket in buckets {
            for fingerprint in bucket where removed.isEmpty || !removed.contains(fingerprint) { body(fingerprint) }
        }
        for fingerprint in recent { body(fingerprint) }
    }

    /// The bucket of a fingerprint: sorting by fingerprint sorts by bucket.
    private static func bucket(of fingerprint: ReaderFingerprint) -> Int {
        Int(truncatingIfNeeded: fingerprint.high >> 56)
    }

    private func inBuckets(_ fingerprint: ReaderFingerprint) -> Bool {
        guard !buckets.isEmpty else { return false }
        let sorted = buckets[Self.bucket(of: fingerprint)]
        let low = sorted.partitionPoint { $0 >= fingerprint }
        return low < sorted.count && sorted[low] == fingerprint
    }

    /// Folds `newest` (sorted, none of them in `buckets`) and `removed` into `buckets`, a
    /// bucket at a time, each into an array of exactly the size needed.
    private mutating func merge(_ newest: [ReaderFingerprint]) {
        if buckets.isEmpty { buckets = Array(repeating: [], count: Self.bucketCount) }
        var next = 0
        for index in buckets.indices {
            var end = next
            while end < newest.count && Self.bucket(of: newest[end]) == index { end += 1 }
            if end == next && removed.isEmpty { continue }
            let old = buckets[index]
            buckets[index] = []
            var merged: [ReaderFingerprint] = []
            merged.reserveCapacity(old.count + end - next)
            for fingerprint in old where removed.isEmpty || !removed.contains(fingerprint) {
                while next < end && newest[next] < fingerprint {
                    merged.append(newest[next])
                    next += 1
                }
                merged.append(fingerprint)
            }
            merged.append(contentsOf: newest[next..<end])
            next = end
            largestCopy = max(largestCopy, merged.count)
            bucketed += merged.count - old.count
            buckets[index] = merged
        }
        removed = []
    }
}
