import Foundation

/// A published DKIM key record (RFC 6376 §3.6.1), read the way a verifier reads it: its
/// character-strings joined, tags split at `;`, whitespace around and inside values dropped
/// where the RFC allows it.
public struct DKIMRecord: Sendable, Equatable {
    /// Why a record's text is not a DKIM key record a verifier would use.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// A tag without `=`, or a name that is not a tag name.
        case malformedTag(String)
        /// The same tag twice.
        case duplicateTag(String)
        /// `v=` not first, or not `DKIM1`.
        case badVersion(String)
        /// No `p=` tag at all.
        case missingPublicKey
        /// `p=` is not base64.
        case badBase64
        /// `h=` does not allow sha256, or `s=` leaves out email.
        case excludesDigest(String)
        /// `p=` decodes, but not to a key of the type `k=` names.
        case badKey(String)

        public var description: String {
            switch self {
            case .malformedTag(let tag): "“\(tag)” is not a tag (name=value)"
            case .duplicateTag(let name): "the tag \(name)= appears twice"
            case .badVersion(let detail): detail
            case .missingPublicKey: "it has no p= tag (the public key)"
            case .badBase64: "its p= is not base64"
            case .excludesDigest(let detail), .badKey(let detail): detail
            }
        }
    }

    /// `k=` as published, `rsa` when absent (§3.6.1). Not lowercased: tag values are
    /// case-sensitive (§3.2), and dkimpy refuses `k=ED25519` as an unknown algorithm.
    public var keyType: String
    /// `p=` decoded; empty when the key is revoked.
    public var publicKey: [UInt8]
    /// `t=y`: the domain is testing DKIM, and verifiers may treat a failure as no signature.
    public var testing: Bool

    /// The record whose text is `text` (the TXT record's strings joined without separators).
    public init(_ text: String) throws(Problem) {
        var tags: [String: String] = [:]
        var first: String?
        for part in text.split(separator: ";", omittingEmptySubsequences: false) {
            let tag = part.trimmingCharacters(in: Self.whitespace)
            // A final `;` leaves an empty last part, which the grammar allows.
            if tag.isEmpty { continue }
            guard let equals = tag.firstIndex(of: "=") else { throw .malformedTag(tag) }
            let name = tag[..<equals].trimmingCharacters(in: Self.whitespace)
            let value = tag[tag.index(after: equals)...].trimmingCharacters(in: Self.whitespace)
            let scalars = Array(name.unicodeScalars)
            guard let head = scalars.first, Self.isLetter(head),
                scalars.allSatisfy({ Self.isLetter($0) || ("0"..."9").contains($0) || $0 == "_" })
            else { throw .malformedTag(tag) }
            guard tags[name] == nil else { throw .duplicateTag(name) }
            tags[name] = value
            if first == nil { first = name }
        }
        if let version = tags["v"] {
            guard first == "v" else { throw .badVersion("v=\(version) must be the first tag") }
            guard version == "DKIM1" else { throw .badVersion("v=\(version) is not v=DKIM1") }
        }
        guard let encoded = tags["p"] else { throw .missingPublicKey }
        let base64 = encoded.filter { !$0.isWhitespace }
        guard let key = Data(base64Encoded: base64) else { throw .badBase64 }
        if let hashes = tags["h"] {
            let names = hashes.split(separator: ":").map { $0.trimmingCharacters(in: Self.whitespace) }
            guard names.contains("sha256") else {
                throw .excludesDigest("h=\(hashes) does not allow sha256, which every signature uses")
            }
        }
        if let services = tags["s"] {
            let names = services.split(separator: ":").map { $0.trimmingCharacters(in: Self.whitespace) }
            guard names.contains("*") || names.contains("email") else {
                throw .excludesDigest("s=\(services) does not include email, so verifiers ignore the key for mail")
            }
        }
        keyType = tags["k"] ?? "rsa"
        publicKey = Array(key)
        testing = (tags["t"] ?? "").split(separator: ":").contains { $0.trimmingCharacters(in: Self.whitespace) == "y" }
    }

    /// ALPHA in the tag grammar: ASCII letters only.
    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    /// The folding whitespace the grammar allows around tags and values.
    private static let whitespace = CharacterSet(charactersIn: " \t\r\n")
}
