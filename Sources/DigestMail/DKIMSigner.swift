import Crypto
import CryptoExtras
import DigestCore
import Foundation

/// Signs finished messages with DKIM (RFC 6376): relaxed/relaxed, `rsa-sha256` or
/// `ed25519-sha256` (RFC 8463), over the headers a reader's mail provider judges a
/// newsletter by. Made once per send; ``sign(_:)`` is safe from several threads.
public struct DKIMSigner: Sendable {
    /// The signing algorithms DKIM names, with their private keys.
    public enum Key: Sendable {
        case rsa(_RSA.Signing.PrivateKey)
        case ed25519(Curve25519.Signing.PrivateKey)

        /// `rsa-sha256` or `ed25519-sha256`, the `a=` tag.
        public var algorithm: String {
            switch self {
            case .rsa: "rsa-sha256"
            case .ed25519: "ed25519-sha256"
            }
        }
    }

    /// The headers the signature covers, in the `h=` tag's order. A header a message lacks
    /// is signed as absent, so it cannot be added on the way either: digest writes no Cc
    /// or Reply-To, and signing them absent (as RFC 6376 §5.4.1 recommends them) keeps
    /// anyone who replays a message from adding one to turn readers' replies elsewhere.
    public static let signedHeaders = [
        "From", "To", "Cc", "Reply-To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type", "List-Id",
        "List-Unsubscribe", "List-Unsubscribe-Post",
    ]

    public let key: Key
    /// The `s=` tag: the DNS record is at `SELECTOR._domainkey.DOMAIN`.
    public let selector: String
    /// The `d=` tag.
    public let domain: String
    /// The `t=` tag, seconds since 1970; the messages' Date, so that a resumed send's
    /// messages are the same bytes.
    public let timestamp: Int?
    /// The headers this signer covers: ``signedHeaders`` less those the route changes on
    /// the way (``leavingOut(_:)``).
    public let headers: [String]

    public init(key: Key, selector: String, domain: String, timestamp: Int? = nil) {
        self.init(key: key, selector: selector, domain: domain, timestamp: timestamp, headers: Self.signedHeaders)
    }

    private init(key: Key, selector: String, domain: String, timestamp: Int?, headers: [String]) {
        self.key = key
        self.selector = selector
        self.domain = domain
        self.timestamp = timestamp
        self.headers = headers
    }

    /// The same signer with `t=` set to `date`.
    public func dated(_ date: Date) -> DKIMSigner {
        DKIMSigner(
            key: key, selector: selector, domain: domain, timestamp: Int(date.timeIntervalSince1970.rounded(.down)), headers: headers)
    }

    /// The same signer without `names` (any case) in its signature: headers a route
    /// rewrites after signing, which would otherwise break every signature it carries.
    public func leavingOut(_ names: Set<String>) -> DKIMSigner {
        let left = Set(names.map { $0.lowercased() })
        return DKIMSigner(
            key: key, selector: selector, domain: domain, timestamp: timestamp, headers: headers.filter { !left.contains($0.lowercased()) })
    }

    /// `message` (CRLF line endings, headers then an empty line then the body) with a
    /// `DKIM-Signature` header in front.
    public func sign(_ message: [UInt8]) throws(DKIMError) -> [UInt8] {
        let (fields, bodyStart) = Self.headerFields(of: message)
        let bodyHash = SHA256.hash(data: DKIMCanonicalization.relaxedBody(message[bodyStart...]))

        // Each name in h= takes the last not yet used field of that name (§5.4.2). Every
        // name is listed once per field it has, and once more: that extra instance covers
        // the absence of another, so From (or any listed header) cannot be added later.
        var names: [String] = []
        var signedData: [UInt8] = []
        signedData.reserveCapacity(2048)
        for name in headers {
            let lowered = name.lowercased()
            let matching = fields.filter { $0.name == lowered }
            for field in matching.reversed() {
                signedData += DKIMCanonicalization.relaxedHeader(message[field.range])
                names.append(name)
            }
            names.append(name)
        }

        let header = signatureHeader(bodyHash: Data(bodyHash).base64EncodedString(), names: names)
        // The header as it will stand, with b= empty and without its final CRLF (§3.7).
        var canonical = DKIMCanonicalization.relaxedHeader(header.utf8)
        canonical.removeLast(2)
        signedData += canonical

        let signature: Data
        do {
            switch key {
            case .rsa(let privateKey):
                signature = try privateKey.signature(for: SHA256.hash(data: signedData), padding: .insecurePKCS1v1_5)
                    .rawRepresentation
            case .ed25519(let privateKey):
                // RFC 8463: PureEdDSA over the SHA-256 of the data, not over the data itself.
                signature = try privateKey.signature(for: Data(SHA256.hash(data: signedData)))
            }
        } catch {
            throw .signingFailed("\(error)")
        }

        var output: [UInt8] = []
        output.reserveCapacity(message.count + header.utf8.count + 512)
        output += header.utf8
        // The signature's base64 folds onto lines of its own; a verifier ignores the
        // whitespace in b= and deletes the whole value before checking.
        var line = 3  // "\tb="
        for character in signature.base64EncodedString().utf8 {
            if line >= 76 {
                output += "\r\n\t".utf8
                line = 1
            }
            output.append(character)
            line += 1
        }
        output += "\r\n".utf8
        output += message
        return output
    }

    /// `DKIM-Signature: v=1; … b=`, folded between tags and within h= to stay under 78
    /// characters a line.
    func signatureHeader(bodyHash: String, names: [String]) -> String {
        var tags = ["v=1", "a=\(key.algorithm)", "c=relaxed/relaxed", "d=\(domain)", "s=\(selector)"]
        if let timestamp { tags.append("t=\(timestamp)") }
        var lines: [String] = []
        var current = "DKIM-Signature:"
        func add(_ piece: String, separator: String) {
            if current.utf8.count + separator.utf8.count + piece.utf8.count > 76 {
                lines.append(current)
                current = "\t" + piece
            } else {
                current += separator + piece
            }
        }
        for tag in tags { add(tag + ";", separator: " ") }
        add("h=" + names[0].lowercased(), separator: " ")
        // A fold goes before a colon, where h= allows whitespace.
        for name in names.dropFirst() { add(":" + name.lowercased(), separator: "") }
        current += ";"
        add("bh=\(bodyHash);", separator: " ")
        lines.append(current)
        lines.append("\tb=")
        return lines.joined(separator: "\r\n")
    }

    /// The header fields of `message`, each with its lowercased name and its bytes (folds
    /// included, final CRLF not), and where the body starts.
    static func headerFields(of message: [UInt8]) -> (fields: [(name: String, range: Range<Int>)], bodyStart: Int) {
        var fields: [(name: String, range: Range<Int>)] = []
        var index = 0
        let end = message.count
        while index < end {
            // An empty line ends the headers.
            if message[index] == UInt8(ascii: "\r"), index + 1 < end, message[index + 1] == UInt8(ascii: "\n") {
                return (fields, index + 2)
            }
            let start = index
            // A field runs to the CRLF not followed by a space or tab.
            var fieldEnd = end
            var next = end
            var cursor = index
            while cursor + 1 < end {
                if message[cursor] == UInt8(ascii: "\r"), message[cursor + 1] == UInt8(ascii: "\n") {
                    let after = cursor + 2
                    if after >= end || (message[after] != UInt8(ascii: " ") && message[after] != UInt8(ascii: "\t")) {
                        fieldEnd = cursor
                        next = after
                        break
                    }
                }
                cursor += 1
            }
            let colon = message[start..<fieldEnd].firstIndex(of: UInt8(ascii: ":")) ?? fieldEnd
            let name = String(decoding: message[start..<colon], as: UTF8.self).trimmingCharacters(in: .whitespaces).lowercased()
            fields.append((name, start..<fieldEnd))
            index = next
        }
        return (fields, end)
    }
}
