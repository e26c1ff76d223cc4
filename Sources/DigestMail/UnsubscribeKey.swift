import Crypto
import DigestCore

/// The secret behind unsubscribe links: each reader's token is an HMAC-SHA256 of their
/// address, so a link cannot be guessed or forged for someone else, and whoever holds the
/// secret (the unsubscribe page) can check one without a database.
public struct UnsubscribeKey: Sendable {
    /// The environment variable the secret comes from.
    public static let environmentVariable = "DIGEST_UNSUBSCRIBE_SECRET"

    /// HMAC-SHA256 keyed with the secret, its inner padded block hashed once. A value (a
    /// copy-on-write BoringSSL context): each use copies it before updating, so one key serves
    /// several threads, every reader of a send starting from the same state.
    private let key: HMAC<SHA256>
    /// Whether the key was made up for this run: its links cannot be checked later.
    public let isThrowaway: Bool

    /// A key from the secret text; at least 16 bytes, so it cannot be guessed.
    public init(secret: String) throws(UnsubscribeKeyError) {
        guard secret.utf8.count >= 16 else { throw .tooShort }
        key = HMAC(key: SymmetricKey(data: Array(secret.utf8)))
        isThrowaway = false
    }

    /// A random key for copies whose links need not work later (a Maildir preview, a test copy).
    public static func throwaway() -> UnsubscribeKey {
        // The system's generator is getrandom(2) on Linux: fit for keys.
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return UnsubscribeKey(bytes: bytes)
    }

    private init(bytes: [UInt8]) {
        key = HMAC(key: SymmetricKey(data: bytes))
        isThrowaway = true
    }

    /// 32 hex digits: the first 128 bits of HMAC-SHA256(secret, list id NUL reader key).
    public func token(for readerKey: String, list: String) -> String {
        var input = Array(list.utf8)
        input.append(0)
        input += readerKey.utf8
        let digest = authenticate(input)
        var hex: [UInt8] = []
        hex.reserveCapacity(32)
        for byte in digest.prefix(16) {
            hex.append(HexDigit.lowercase(byte >> 4))
            hex.append(HexDigit.lowercase(byte & 0x0F))
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// A key for another use of the same secret (`label` names the use), which says nothing
    /// about the secret nor about the unsubscribe tokens.
    package func derivedKey(_ label: String) -> [UInt8] {
        authenticate(Array(label.utf8))
    }

    /// HMAC-SHA256 of `message` under the secret: 32 bytes.
    private func authenticate(_ message: [UInt8]) -> [UInt8] {
        var mac = key
        mac.update(data: message)
        return Array(mac.finalize())
    }

    /// Whether `token` is the one for `readerKey`, compared in constant time.
    public func accepts(_ token: String, for readerKey: String, list: String) -> Bool {
        let expected = Array(self.token(for: readerKey, list: list).utf8)
        let given = Array(token.lowercased().utf8)
        guard given.count == expected.count else { return false }
        return zip(given, expected).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// The reader's links: a mailto whose subject carries the address and token, and the
    /// one-click HTTPS link where the publication has an unsubscribe page.
    public func links(for subscriber: Subscriber, settings: Settings) -> UnsubscribeLinks {
        let token = token(for: subscriber.key, list: settings.list.id)
        let reader = Self.percentEncoded(subscriber.key)
        let address = settings.list.unsubscribeAddress ?? settings.sender.address
        let mailto = "mailto:\(address)?subject=unsubscribe%20\(reader)%20\(token)"
        let https = settings.list.unsubscribeURL.map { base in
            "\(base)\(base.contains("?") ? "&" : "?")reader=\(reader)&token=\(token)"
        }
        return UnsubscribeLinks(mailto: mailto, https: https)
    }

    /// `text` with everything but unreserved characters (RFC 3986) percent-encoded.
    static func percentEncoded(_ text: String) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count + 8)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.append(byte)
            default:
                result += [UInt8(ascii: "%"), HexDigit.uppercase(byte >> 4), HexDigit.uppercase(byte & 0x0F)]
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}

/// A secret that cannot key unsubscribe tokens.
public enum UnsubscribeKeyError: Error, Sendable, CustomStringConvertible {
    case tooShort

    public var description: String {
        "\(UnsubscribeKey.environmentVariable) must be at least 16 characters; make one with `openssl rand -hex 32`"
    }
}
