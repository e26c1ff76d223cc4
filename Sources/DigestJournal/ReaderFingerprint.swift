import Crypto

/// The first 128 bits of SHA-256 of a reader's key: how the journal remembers who was sent
/// a message without keeping every address in memory. Two different addresses share one
/// with a probability near 2⁻¹²⁸ per pair.
struct ReaderFingerprint: Hashable, Sendable {
    let high: UInt64
    let low: UInt64

    init(_ reader: String) {
        // Hashed where the bytes lie, with nothing allocated: every reader of a send, and
        // of every journal read, is fingerprinted.
        var hasher = SHA256()
        var reader = reader
        reader.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        (high, low) = hasher.finalize().withUnsafeBytes { digest in
            (
                UInt64(bigEndian: digest.loadUnaligned(as: UInt64.self)),
                UInt64(bigEndian: digest.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            )
        }
    }
}

extension ReaderFingerprint: Comparable {
    static func < (left: ReaderFingerprint, right: ReaderFingerprint) -> Bool {
        (left.high, left.low) < (right.high, right.low)
    }
}
