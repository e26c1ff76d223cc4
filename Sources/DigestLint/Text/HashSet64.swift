import Foundation

/// A set of 64-bit hashes with open addressing and linear probing.
///
/// The hashes are already well mixed (FNV-1a), so unlike `Set<UInt64>` this set does no
/// hashing of its own; filling it with a 170,000-word list takes about a millisecond. A
/// set read back from a cache file stays in the file's mapped pages: only the slots a
/// lookup touches are ever read from disk.
struct HashSet64: Sendable {
    private enum Storage: Sendable {
        case array([UInt64])
        case mapped(Data)
    }

    private var storage: Storage
    private var mask: Int
    private(set) var count = 0

    init(minimumCapacity: Int) {
        var size = 16
        while size < minimumCapacity * 2 { size <<= 1 }
        storage = .array([UInt64](repeating: 0, count: size))
        mask = size - 1
    }

    /// A set over `data` written from ``bytes``, or `nil` when it is not a power-of-two table.
    init?(mapping data: Data, count: Int) {
        let size = data.count / MemoryLayout<UInt64>.size
        guard size >= 16, size & (size - 1) == 0, data.count == size * MemoryLayout<UInt64>.size else { return nil }
        storage = .mapped(data)
        mask = size - 1
        self.count = count
    }

    /// Zero marks an empty slot, so the one hash that is zero is stored as one.
    private static func key(_ hash: UInt64) -> UInt64 { hash == 0 ? 1 : hash }

    private static func start(_ key: UInt64, _ mask: Int) -> Int { Int(truncatingIfNeeded: key ^ (key >> 29)) & mask }

    mutating func insert(_ hash: UInt64) {
        guard case .array(var slots) = storage else { preconditionFailure("a mapped set is read-only") }
        storage = .array([])
        if (count + 1) * 2 > slots.count {
            slots = Self.grown(slots)
            mask = slots.count - 1
        }
        let key = Self.key(hash)
        var index = Self.start(key, mask)
        while slots[index] != 0 && slots[index] != key { index = (index + 1) & mask }
        if slots[index] == 0 {
            slots[index] = key
            count += 1
        }
        storage = .array(slots)
    }

    func contains(_ hash: UInt64) -> Bool {
        let key = Self.key(hash)
        func probe(_ slot: (Int) -> UInt64) -> Bool {
            var index = Self.start(key, mask)
            while true {
                let value = slot(index)
                if value == key { return true }
                if value == 0 { return false }
                index = (index + 1) & mask
            }
        }
        switch storage {
        case .array(let slots):
            return slots.isEmpty ? false : probe { slots[$0] }
        case .mapped(let data):
            return data.withUnsafeBytes { raw in probe { raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self) } }
        }
    }

    var isEmpty: Bool { count == 0 }

    /// The slots as bytes, to cache the set in a file.
    var bytes: Data {
        switch storage {
        case .array(let slots): slots.withUnsafeBytes { Data($0) }
        case .mapped(let data): data
        }
    }

    /// The same hashes in the smallest table at most ``compactLoad`` full.
    ///
    /// Inserting keeps a table at most half full; a set that is only read from then on (a
    /// word list, mapped from the cache by every run) is worth packing tighter: each lookup
    /// of a run touches a page of its own, and half the pages are half the page faults.
    /// Linear probing at this load still reads about five slots, in one or two cache lines,
    /// for a hash that is absent.
    func compacted() -> HashSet64 {
        var size = 16
        while Double(count) > Self.compactLoad * Double(size) { size <<= 1 }
        guard size < bytes.count / MemoryLayout<UInt64>.size else { return self }
        var compact = HashSet64(minimumCapacity: 0)
        compact.storage = .array(Self.rehashed(slots: slots, size: size))
        compact.mask = size - 1
        compact.count = count
        return compact
    }

    static let compactLoad = 0.7

    /// The slots, empty ones (zero) among them.
    private var slots: [UInt64] {
        switch storage {
        case .array(let slots): slots
        case .mapped(let data):
            data.withUnsafeBytes { raw in (0..<raw.count / 8).map { raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self) } }
        }
    }

    private static func grown(_ old: [UInt64]) -> [UInt64] {
        rehashed(slots: old, size: old.count * 2)
    }

    private static func rehashed(slots old: [UInt64], size: Int) -> [UInt64] {
        var slots = [UInt64](repeating: 0, count: size)
        let mask = slots.count - 1
        for key in old where key != 0 {
            var index = start(key, mask)
            while slots[index] != 0 { index = (index + 1) & mask }
            slots[index] = key
        }
        return slots
    }
}
