import Crypto
import DigestCore

/// The keyed hash by which a committed sent summary names a reader: 56 bits of HMAC-SHA256
/// under a key derived from `DIGEST_UNSUBSCRIBE_SECRET` and the issue, over the reader's
/// ``ReaderFingerprint``. Without the secret nobody can tell from the summary whether an address
/// was mailed, and one reader's hashes differ from issue to issue.
///
/// 56 bits keep 100,000 readers under a megabyte; the chance that a reader not yet sent
/// shares a hash with one of 100,000 sent (and is skipped) is about 1 in 7·10¹¹ per reader.
public struct ReaderHasher: Sendable {
    private let key: HMAC<SHA256>
    /// 16 hex digits that tell whether a summary was written with the same secret.
    public let check: String

    /// `deriveKey` gives the key for a use of the secret (`UnsubscribeKey.derivedKey(_:)`).
    package init(issueKey: String, deriveKey: (String) -> [UInt8]) {
        self.key = HMAC(key: SymmetricKey(data: deriveKey("digest sent summary\u{0}\(issueKey)")))
        let digest = Self.authenticate(key, Array("key check".utf8))
        check = String(decoding: digest.prefix(8).flatMap { [HexDigit.lowercase($0 >> 4), HexDigit.lowercase($0 & 0xF)] }, as: UTF8.self)
    }

    /// The hash of a reader's key (their address as DigestMail's `Subscriber.key` gives it).
    public func hash(reader: String) -> UInt64 { hash(ReaderFingerprint(reader)) }

    func hash(_ fingerprint: ReaderFingerprint) -> UInt64 {
        // The fingerprint's 16 bytes, big-endian, hashed from the stack: a summary hashes
        // every reader of a send, after its last message.
        var mac = key
        withUnsafeBytes(of: (fingerprint.high.bigEndian, fingerprint.low.bigEndian)) { mac.update(data: $0) }
        return mac.finalize().withUnsafeBytes { UInt64(bigEndian: $0.loadUnaligned(as: UInt64.self)) >> 8 }
    }

    /// HMAC-SHA256 of `message`: a copy of the keyed state, so one hasher serves every reader.
    private static func authenticate(_ key: HMAC<SHA256>, _ message: [UInt8]) -> [UInt8] {
        var mac = key
        mac.update(data: message)
        return Array(mac.finalize())
    }
}
