/// Readers as ``ReaderFingerprint``s in about 20 bytes each, for the journal's record of who was
/// sent: a sorted array holds most of them, a small table the newest, and another those
/// taken out of the array since it was last merged. A `Set` of 100,000 fingerprints takes 4 MB
/// (6 MB while it doubles), and the journal is replayed into one at the end of a send,
/// when its memory is at its peak.
struct ReaderFingerprintSet: Sendable {
    private var sorted: [ReaderFingerprint] = []
    private var recent: Set<ReaderFingerprint> = []
    /// Fingerprints in `sorted` that were removed since the last merge.
    private var removed: Set<ReaderFingerprint> = []
    /// Merged into `sorted` when `recent` reaches an eighth of it: a merge copies the array
    /// once, so its cost per insertion stays constant, and the tables stay small.
    private static let smallestMerge = 1_024

    var count: Int { sorted.count - removed.count + recent.count }
    var isEmpty: Bool { count == 0 }

    func contains(_ fingerprint: ReaderFingerprint) -> Bool {
        recent.contains(fingerprint) || (inSorted(fingerprint) && !removed.contains(fingerprint))
    }

    mutating func insert(_ fingerprint: ReaderFingerprint) {
        if inSorted(fingerprint) {
            removed.remove(fingerprint)
            return
        }
        recent.insert(fingerprint)
        if recent.count >= max(Self.smallestMerge, sorted.count / 8) { merge() }
    }

    mutating func remove(_ fingerprint: ReaderFingerprint) {
        if recent.remove(fingerprint) != nil { return }
        if inSorted(fingerprint) { removed.insert(fingerprint) }
    }

    /// Every fingerprint once, in no particular order.
    func forEach(_ body: (ReaderFingerprint) -> Void) {
        for fingerprint in sorted where removed.isEmpty || !removed.contains(fingerprint) { body(fingerprint) }
        for fingerprint in recent { body(fingerprint) }
    }

    private func inSorted(_ fingerprint: ReaderFingerprint) -> Bool {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < fingerprint { low = middle + 1 } else { high = middle }
        }
        return low < sorted.count && sorted[low] == fingerprint
    }

    /// Folds `recent` and `removed` into `sorted`, into an array of exactly the size needed.
    private mutating func merge() {
        let total = count
        let newest = recent.sorted()
        // The table goes before the merged array is made: both at once are the peak.
        recent = []
        var merged: [ReaderFingerprint] = []
        merged.reserveCapacity(total)
        var next = 0
        for fingerprint in sorted where removed.isEmpty || !removed.contains(fingerprint) {
            while next < newest.count && newest[next] < fingerprint {
                merged.append(newest[next])
                next += 1
            }
            merged.append(fingerprint)
        }
        merged.append(contentsOf: newest[next...])
        sorted = merged
        removed = []
    }
}
