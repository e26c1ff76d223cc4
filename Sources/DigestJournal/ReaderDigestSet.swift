/// Readers as ``ReaderDigest``s in about 20 bytes each, for the journal's record of who was
/// sent: a sorted array holds most of them, a small table the newest, and another those
/// taken out of the array since it was last merged. A `Set` of 100,000 digests takes 4 MB
/// (6 MB while it doubles), and the journal is replayed into one at the end of a send,
/// when its memory is at its peak.
struct ReaderDigestSet: Sendable {
    private var sorted: [ReaderDigest] = []
    private var recent: Set<ReaderDigest> = []
    /// Digests in `sorted` that were removed since the last merge.
    private var removed: Set<ReaderDigest> = []
    /// Merged into `sorted` when `recent` reaches an eighth of it: a merge copies the array
    /// once, so its cost per insertion stays constant, and the tables stay small.
    private static let smallestMerge = 1_024

    var count: Int { sorted.count - removed.count + recent.count }
    var isEmpty: Bool { count == 0 }

    func contains(_ digest: ReaderDigest) -> Bool {
        recent.contains(digest) || (inSorted(digest) && !removed.contains(digest))
    }

    mutating func insert(_ digest: ReaderDigest) {
        if inSorted(digest) {
            removed.remove(digest)
            return
        }
        recent.insert(digest)
        if recent.count >= max(Self.smallestMerge, sorted.count / 8) { merge() }
    }

    mutating func remove(_ digest: ReaderDigest) {
        if recent.remove(digest) != nil { return }
        if inSorted(digest) { removed.insert(digest) }
    }

    /// Every digest once, in no particular order.
    func forEach(_ body: (ReaderDigest) -> Void) {
        for digest in sorted where removed.isEmpty || !removed.contains(digest) { body(digest) }
        for digest in recent { body(digest) }
    }

    private func inSorted(_ digest: ReaderDigest) -> Bool {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < digest { low = middle + 1 } else { high = middle }
        }
        return low < sorted.count && sorted[low] == digest
    }

    /// Folds `recent` and `removed` into `sorted`, into an array of exactly the size needed.
    private mutating func merge() {
        let total = count
        let newest = recent.sorted()
        // The table goes before the merged array is made: both at once are the peak.
        recent = []
        var merged: [ReaderDigest] = []
        merged.reserveCapacity(total)
        var next = 0
        for digest in sorted where removed.isEmpty || !removed.contains(digest) {
            while next < newest.count && newest[next] < digest {
                merged.append(newest[next])
                next += 1
            }
            merged.append(digest)
        }
        merged.append(contentsOf: newest[next...])
        sorted = merged
        removed = []
    }
}
