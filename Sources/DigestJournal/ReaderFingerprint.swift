import Crypto

/// The first 128 bits of SHA-256 of a reader's key: how the journal remembers who was sent
/// a message without keeping every address in memory. Two different addresses share one
/// with a probability near 2⁻¹²⁸ per pair.
struct ReaderFingerprint: Hashable, Sendable {
    let high: UInt64
    let low: UInt64

    init(_ reader: String) {
        let digest = Array(SHA256.hash(data: Array(reader.utf8)))
        high = digest[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
        low = digest[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
    }
}

extension ReaderFingerprint: Comparable {
    static func < (left: ReaderFingerprint, right: ReaderFingerprint) -> Bool {
        (left.high, left.low) < (right.high, right.low)
    }
}
