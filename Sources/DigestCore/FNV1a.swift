/// The 64-bit FNV-1a hash: fast, and the same in every run and every build (Swift's
/// `Hasher` is seeded per process), for values that are written down — Message-IDs, cache
/// keys and checksums, the word list's hashed entries.
public struct FNV1a: Sendable {
    @usableFromInline var state: UInt64 = 0xcbf2_9ce4_8422_2325

    /// The hash of what was combined so far.
    @inlinable
    public var value: UInt64 { state }

    @inlinable
    public init() {}

    @inlinable
    public mutating func combine(_ byte: UInt8) {
        state ^= UInt64(byte)
        state &*= 0x0000_0100_0000_01B3
    }

    /// Mixes in a whole 64-bit value in one step (a length, say), not byte by byte.
    @inlinable
    public mutating func combine(word: UInt64) {
        state ^= word
        state &*= 0x0000_0100_0000_01B3
    }

    @inlinable
    public static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hasher = FNV1a()
        for byte in bytes { hasher.combine(byte) }
        return hasher.value
    }
}
