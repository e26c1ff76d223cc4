import Crypto
import CryptoExtras
import DigestCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The DKIM private key on disk: read (with the checks an editor needs before a send),
/// made new by `digest dkim keygen`, and the DNS record that publishes its public half.
public enum DKIMKeyFile {
    /// The environment variable that names the PEM file of the private key.
    public static let environmentVariable = "DIGEST_DKIM_KEY"

    /// The algorithms `digest dkim keygen` makes keys for.
    public enum Algorithm: String, Sendable, CaseIterable {
        case rsa
        case ed25519
    }

    /// The signer the settings and the environment ask for, or `nil` when neither names a
    /// key. `warn` receives what is worth saying but does not stop a send (a key file that
    /// others can read).
    public static func signer(settings: Settings, environment: [String: String], warn: (String) -> Void) throws(DKIMError)
        -> DKIMSigner?
    {
        let path = environment[environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
        switch (settings.dkim, path) {
        case (nil, nil):
            return nil
        case (nil, .some):
            throw .configuration(
                "\(environmentVariable) names a DKIM key but the settings have no dkim.selector; add a dkim section to digest.yaml (see its commented example) or unset \(environmentVariable)"
            )
        case (.some(let dkim), nil):
            throw .configuration(
                "\(dkim.location.map { "\($0): " } ?? "")the settings ask for DKIM signing but \(environmentVariable) is not set; set it to the private key's PEM file (`digest dkim keygen` makes one), or remove the dkim section to send unsigned"
            )
        case (.some(let dkim), .some(let path)):
            let domain = dkim.domain ?? String(settings.sender.address.split(separator: "@").last ?? "")
            let senderDomain = (settings.sender.address.split(separator: "@").last ?? "").lowercased()
            let signing = domain.lowercased()
            // DMARC's relaxed alignment, its default, asks only that both share one organizational
            // domain: d= may be the sender's domain, a parent of it or a subdomain of it.
            if senderDomain != signing && !senderDomain.hasSuffix("." + signing) && !signing.hasSuffix("." + senderDomain) {
                warn(
                    "dkim.domain \(domain) is not the sender's domain \(senderDomain), a parent nor a subdomain of it: DMARC will not count the signature for the From address"
                )
            }
            let key = try read(path: path, warn: warn)
            return DKIMSigner(key: key, selector: dkim.selector, domain: domain)
        }
    }

    /// The private key in the PEM file at `path`: Ed25519 (PKCS#8, as `openssl genpkey`
    /// writes it) or RSA of 2048 bits or more (PKCS#1 or PKCS#8).
    public static func read(path: String, warn: (String) -> Void) throws(DKIMError) -> DKIMSigner.Key {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw .unusableKey("\(environmentVariable) names \(path), which does not exist; give the path of the DKIM private key")
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw .unusableKey("\(environmentVariable) names \(path), which is not a file; give the path of the DKIM private key")
        }
        if status.st_mode & 0o077 != 0 {
            warn(
                "the DKIM key \(path) can be read by other users (mode \(String(status.st_mode & 0o777, radix: 8))): anyone who reads it can sign mail as the publication; run chmod 600 \(path)"
            )
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unusableKey("cannot read the DKIM key \(path); check its permissions")
        }
        let pem = String(decoding: data, as: UTF8.self)
        // PKCS#8 says so in its BEGIN line; the older PKCS#1 form (`openssl rsa -aes256`) in a Proc-Type header.
        if pem.contains("ENCRYPTED PRIVATE KEY") || pem.contains("Proc-Type: 4,ENCRYPTED") {
            throw .unusableKey(
                "the DKIM key \(path) is protected by a passphrase; digest needs it unencrypted (openssl pkey -in \(path) -out NEW), kept with mode 600"
            )
        }
        guard pem.contains("PRIVATE KEY-----") else {
            throw .unusableKey(
                "\(path) is not a PEM private key (\(pem.contains("PUBLIC KEY") ? "it holds a public key" : "no BEGIN … PRIVATE KEY line")); \(environmentVariable) must name the private key, such as one `digest dkim keygen` writes"
            )
        }
        let block = privateKeyBlock(in: pem)
        if let key = try? Curve25519.Signing.PrivateKey(pemRepresentation: block) { return .ed25519(key) }
        if let key = try? _RSA.Signing.PrivateKey(pemRepresentation: block) { return .rsa(key) }
        if let weak = try? _RSA.Signing.PrivateKey(unsafePEMRepresentation: block) {
            throw .unusableKey(
                "the DKIM key \(path) is a \(weak.keySizeInBits)-bit RSA key; mailbox providers want 2048 bits or more: make a new one with `digest dkim keygen`"
            )
        }
        throw .unusableKey(
            "the DKIM key \(path) is neither an Ed25519 nor an RSA private key that digest can read; make one with `digest dkim keygen`")
    }

    /// The first `BEGIN … PRIVATE KEY` block of `pem`, without the text around it: swift-crypto
    /// reads an RSA key with "Bag Attributes" (openssl pkcs12) or a note above it, but refuses
    /// such an Ed25519 key, which would then be called unreadable.
    static func privateKeyBlock(in pem: String) -> String {
        let lines = pem.split(separator: "\n", omittingEmptySubsequences: false)
        let trimmed = lines.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard let begin = trimmed.firstIndex(where: { $0.hasPrefix("-----BEGIN ") && $0.hasSuffix("PRIVATE KEY-----") }),
            let end = trimmed[begin...].firstIndex(where: { $0.hasPrefix("-----END ") })
        else { return pem }
        return trimmed[begin...end].joined(separator: "\n") + "\n"
    }

    /// A new private key.
    public static func generate(_ algorithm: Algorithm) throws(DKIMError) -> DKIMSigner.Key {
        switch algorithm {
        case .ed25519:
            return .ed25519(Curve25519.Signing.PrivateKey())
        case .rsa:
            do {
                return .rsa(try _RSA.Signing.PrivateKey(keySize: .bits2048))
            } catch {
                throw .signingFailed("no RSA key could be made: \(error)")
            }
        }
    }

    /// The key as a PEM document: PKCS#8 for Ed25519, as `openssl genpkey` writes it.
    public static func pem(of key: DKIMSigner.Key) -> String {
        switch key {
        case .rsa(let key): key.pemRepresentation
        case .ed25519(let key): key.pemRepresentation
        }
    }

    /// `SELECTOR._domainkey.DOMAIN TXT "v=DKIM1; k=ed25519; p=…"`, the record to publish. `p=`
    /// is the raw 32-byte key for Ed25519 (RFC 8463), the SubjectPublicKeyInfo for RSA; a
    /// value over 255 characters is split into quoted strings, as a TXT record needs.
    public static func dnsRecord(for key: DKIMSigner.Key, selector: String, domain: String) -> String {
        let (type, publicKey): (String, Data) =
            switch key {
            case .rsa(let key): ("rsa", key.publicKey.derRepresentation)
            case .ed25519(let key): ("ed25519", key.publicKey.rawRepresentation)
            }
        let value = "v=DKIM1; k=\(type); p=\(publicKey.base64EncodedString())"
        var strings: [String] = []
        var rest = Substring(value)
        while !rest.isEmpty {
            strings.append("\"\(rest.prefix(255))\"")
            rest = rest.dropFirst(255)
        }
        return "\(selector)._domainkey.\(domain) TXT \(strings.joined(separator: " "))"
    }

    /// Writes `pem` to a new file at `path` with mode 600; an existing file is never replaced.
    public static func write(_ pem: String, to path: String) throws(DKIMError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let reason =
                errno == EEXIST
                ? "it exists already; digest never replaces a key (choose another --output)" : String(cString: strerror(errno))
            throw .cannotWrite("cannot write the DKIM key to \(path): \(reason)")
        }
        defer { close(descriptor) }
        // The umask may have narrowed the mode; it can only have made it stricter, but say 600 exactly.
        fchmod(descriptor, 0o600)
        let bytes = Array(pem.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .cannotWrite("cannot write the DKIM key to \(path): \(String(cString: strerror(errno)))")
            }
            written += count
        }
        guard fsync(descriptor) == 0 else {
            throw .cannotWrite("cannot write the DKIM key to \(path): \(String(cString: strerror(errno)))")
        }
    }
}
