import COpenSSL

/// The first 128 bits of SHA-256 of a reader's key: how the journal remembers who was sent
/// a message without keeping every address in memory. Two different addresses share one
/// with a probability near 2⁻¹²⁸ per pair.
struct ReaderDigest: Hashable, Sendable {
    let high: UInt64
    let low: UInt64

    init(_ reader: String) {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        var bytes = Array(reader.utf8)
        _ = SHA256(&bytes, bytes.count, &digest)
        high = digest[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
        low = digest[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
    }
}
