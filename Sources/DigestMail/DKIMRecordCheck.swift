import Crypto
import CryptoExtras
import Foundation

/// Whether the key record published at `SELECTOR._domainkey.DOMAIN` matches the private
/// key a send signs with: what `digest dkim check` reports.
public struct DKIMRecordCheck: Sendable {
    /// What the published record says about the key.
    public enum Verdict: Sendable, Equatable {
        /// The record publishes this key's public half (in testing mode when `testing`).
        case matches(testing: Bool)
        /// No record at the name (NXDOMAIN, or no TXT record there).
        case notPublished
        /// TXT records at the name, none of them a DKIM key record (their first problem).
        case malformed(DKIMRecord.Problem)
        /// `p=` is empty: the key was withdrawn.
        case revoked
        /// `k=` names another algorithm than the key's.
        case otherAlgorithm(published: String)
        /// The same algorithm, another key.
        case otherKey
        /// Several DKIM key records: a verifier uses any one of them.
        case several(Int)
    }

    /// `SELECTOR._domainkey.DOMAIN`.
    public let name: String
    public let verdict: Verdict
    /// The record to publish for the key, as `digest dkim keygen` prints it.
    public let expectedRecord: String
    /// `rsa` or `ed25519`, and the RSA key's size.
    public let keyDescription: String

    /// Whether signatures made with the key will verify against what is published.
    public var matches: Bool {
        if case .matches = verdict { return true }
        return false
    }

    /// Checks the records `lookup` finds for `signer`'s selector and domain. Throws when
    /// the question got no answer (no server replied, or refused): that says nothing about
    /// the record.
    public init(signer: DKIMSigner, lookup: DNSTextLookup) throws(DNSTextLookup.Failure) {
        let name = "\(signer.selector)._domainkey.\(signer.domain)"
        let records: [[[UInt8]]]
        do {
            records = try lookup.records(at: name)
        } catch .noSuchName, .noRecords {
            records = []
        }
        self.init(
            selector: signer.selector, domain: signer.domain, key: signer.key,
            texts: records.map { String(decoding: $0.joined(), as: UTF8.self) })
    }

    /// The verdict on `texts`, the TXT records at the selector's name (each record's strings joined).
    public init(selector: String, domain: String, key: DKIMSigner.Key, texts: [String]) {
        name = "\(selector)._domainkey.\(domain)"
        expectedRecord = DKIMKeyFile.dnsRecord(for: key, selector: selector, domain: domain)
        switch key {
        case .rsa(let key): keyDescription = "rsa, \(key.keySizeInBits) bits"
        case .ed25519: keyDescription = "ed25519"
        }
        verdict = Self.verdict(key: key, texts: texts)
    }

    static func verdict(key: DKIMSigner.Key, texts: [String]) -> Verdict {
        if texts.isEmpty { return .notPublished }
        var records: [DKIMRecord] = []
        var firstProblem: DKIMRecord.Problem?
        for text in texts {
            // A verifier skips TXT records that are not key records (SPF's, a site check's):
            // only those that start like one, or parse as one, count.
            do {
                records.append(try DKIMRecord(text))
            } catch {
                let looksLikeDKIM = text.contains("v=DKIM1") || text.contains("p=") || text.contains("k=")
                if looksLikeDKIM && firstProblem == nil { firstProblem = error }
            }
        }
        if records.count > 1 { return .several(records.count) }
        guard let record = records.first else { return .malformed(firstProblem ?? .missingPublicKey) }
        if record.publicKey.isEmpty { return .revoked }
        switch key {
        case .ed25519(let key):
            guard record.keyType == "ed25519" else { return .otherAlgorithm(published: record.keyType) }
            guard record.publicKey.count == 32 else {
                return .malformed(.badKey("its p= has \(record.publicKey.count) bytes, not the 32 of an Ed25519 key"))
            }
            return record.publicKey == Array(key.publicKey.rawRepresentation) ? .matches(testing: record.testing) : .otherKey
        case .rsa(let key):
            guard record.keyType == "rsa" else { return .otherAlgorithm(published: record.keyType) }
            let expected = Array(key.publicKey.derRepresentation)
            if record.publicKey == expected { return .matches(testing: record.testing) }
            // The same key may be written another way (PKCS#1 rather than SubjectPublicKeyInfo);
            // compare the keys, and accept a weak one only to say it is another key.
            let published =
                (try? _RSA.Signing.PublicKey(derRepresentation: record.publicKey))
                ?? (try? _RSA.Signing.PublicKey(unsafeDERRepresentation: record.publicKey))
            guard let published else {
                return .malformed(.badKey("its p= is not an RSA public key"))
            }
            return Array(published.derRepresentation) == expected ? .matches(testing: record.testing) : .otherKey
        }
    }

    /// `rsa` or `ed25519`, as `k=` should name the key.
    private var expectedType: String { keyDescription.hasPrefix("rsa") ? "rsa" : "ed25519" }

    /// What `digest dkim check` prints: one line, and the record to publish when it does not match.
    public var report: String {
        switch verdict {
        case .matches(let testing):
            return "\(name): the published record matches the key (\(keyDescription))"
                + (testing ? "; it is in testing mode (t=y), so receivers may ignore failures: remove t=y once mail verifies" : "")
        case .notPublished:
            return "\(name): no DKIM record is published; publish this one (DNS changes can take a while to show):\n\(expectedRecord)"
        case .malformed(let problem):
            return "\(name): the published record is not a usable DKIM key record: \(problem); publish this one instead:\n\(expectedRecord)"
        case .revoked:
            return "\(name): the published record is revoked (p= is empty); use a new selector for this key and publish:\n\(expectedRecord)"
        case .otherAlgorithm(let published) where published.lowercased() == expectedType:
            return
                "\(name): the published record says k=\(published), which verifiers do not read as k=\(expectedType); publish this one:\n\(expectedRecord)"
        case .otherAlgorithm(let published):
            return
                "\(name): the published record is for a k=\(published) key, but the key is \(keyDescription); publish this one:\n\(expectedRecord)"
        case .otherKey:
            return
                "\(name): the published record is for another key than this one (\(keyDescription)); publish this one, or point DIGEST_DKIM_KEY at the key it belongs to:\n\(expectedRecord)"
        case .several(let count):
            return
                "\(name): \(count) DKIM key records are published and a receiver uses any one of them; keep only this one:\n\(expectedRecord)"
        }
    }
}
