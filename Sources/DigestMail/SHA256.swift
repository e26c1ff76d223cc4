import Crypto

/// SHA-256 and HMAC-SHA256 for the unsubscribe tokens, through swift-crypto (BoringSSL's
/// assembly), which DKIM signing links into digest anyway (DigestJournal's reader fingerprints
/// call it directly).
///
/// A hand-written SHA-256 stood here while libcrypto would have been linked for these two
/// functions alone; with swift-crypto in the binary for DKIM, its code costs nothing more at
/// start-up, and it is the one a reviewer need not check. The tokens are the same bytes:
/// the FIPS and RFC 4231 vectors and the token tests check them.
enum SHA256 {
    /// The digest of `message`: 32 bytes.
    static func hash(_ message: [UInt8]) -> [UInt8] {
        Array(Crypto.SHA256.hash(data: message))
    }

    /// HMAC-SHA256 of `message` under `key` (RFC 2104): 32 bytes.
    static func hmac(key: [UInt8], message: [UInt8]) -> [UInt8] {
        HMACKey(key).authenticate(message)
    }

    /// An HMAC-SHA256 key with its inner padded block hashed once: each message then starts
    /// from a copy of that state (one for every reader of a send).
    struct HMACKey: Sendable {
        // A value (a copy-on-write BoringSSL context): each authenticate copies it before
        // updating, so one key serves several threads.
        private let keyed: HMAC<Crypto.SHA256>

        init(_ key: [UInt8]) {
            keyed = HMAC(key: SymmetricKey(data: key))
        }

        func authenticate(_ message: [UInt8]) -> [UInt8] {
            var mac = keyed
            mac.update(data: message)
            return Array(mac.finalize())
        }
    }
}
