import Crypto
import CryptoExtras
import DigestMail
import DigestTestSupport
import Foundation
import Testing

@Suite("DKIM key records: read as a verifier reads them, and checked against the key")
struct DKIMRecordTests {
    static let ed25519 = Curve25519.Signing.PrivateKey()
    static let rsa = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
    static var ed25519Base64: String { ed25519.publicKey.rawRepresentation.base64EncodedString() }
    static var rsaBase64: String { rsa.publicKey.derRepresentation.base64EncodedString() }

    func verdict(_ key: DKIMSigner.Key, _ texts: [String]) -> DKIMRecordCheck.Verdict {
        DKIMRecordCheck(selector: "s1", domain: "example.org", key: key, texts: texts).verdict
    }

    @Test("whitespace around tags and inside p=, a final ;, and no v= at all are all accepted; k= is kept as written")
    func lenientSyntax() throws {
        let key = Self.ed25519Base64
        let folded = "v=DKIM1 ;\tk = ED25519 ;\r\n p=\(key.prefix(20)) \r\n\t\(key.dropFirst(20)) ;"
        let record = try DKIMRecord(folded)
        #expect(record.keyType == "ED25519")
        #expect(record.publicKey == Array(Self.ed25519.publicKey.rawRepresentation))
        #expect(!record.testing)
        #expect(try DKIMRecord("p=\(key)").keyType == "rsa")
        #expect(try DKIMRecord("v=DKIM1; k=ed25519; t=s:y; p=\(key)").testing)
    }

    @Test(
        "a record a verifier would not use says why",
        arguments: [
            ("v=DKIM1; k=ed25519", DKIMRecord.Problem.missingPublicKey),
            ("k=rsa; v=DKIM1; p=AAAA", .badVersion("v=DKIM1 must be the first tag")),
            ("v=DKIM2; p=AAAA", .badVersion("v=DKIM2 is not v=DKIM1")),
            ("v=DKIM1; p=AAAA; p=AAAA", .duplicateTag("p")),
            ("v=DKIM1; k; p=AAAA", .malformedTag("k")),
            ("k=rsa p=AAAA", .missingPublicKey),
            ("v=DKIM1; 1k=rsa; p=AAAA", .malformedTag("1k=rsa")),
            ("v=DKIM1; p=not*base64", .badBase64),
            ("v=DKIM1; h=sha1; p=AAAA", .excludesDigest("h=sha1 does not allow sha256, which every signature uses")),
            ("v=DKIM1; s=tlsrpt; p=AAAA", .excludesDigest("s=tlsrpt does not include email, so verifiers ignore the key for mail")),
        ])
    func problems(_ text: String, _ problem: DKIMRecord.Problem) {
        #expect(throws: problem) { try DKIMRecord(text) }
    }

    @Test("the record keygen prints matches its key, for both algorithms, its strings joined")
    func keygenRecordMatches() {
        for key in [DKIMSigner.Key.ed25519(Self.ed25519), .rsa(Self.rsa)] {
            let line = DKIMKeyFile.dnsRecord(for: key, selector: "s1", domain: "example.org")
            let strings = line.split(separator: "\"", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }
                .map { String($0.element) }
            if case .rsa = key { #expect(strings.count == 2, "an RSA record is longer than one string") }
            #expect(verdict(key, [strings.joined()]) == .matches(testing: false))
        }
    }

    @Test("another key, another k=, a revoked key, several records, none at all, and other TXT records beside")
    func verdicts() throws {
        let ed = DKIMSigner.Key.ed25519(Self.ed25519)
        let rsa = DKIMSigner.Key.rsa(Self.rsa)
        let other = Curve25519.Signing.PrivateKey().publicKey.rawRepresentation.base64EncodedString()
        #expect(verdict(ed, ["v=DKIM1; k=ed25519; p=\(other)"]) == .otherKey)
        #expect(verdict(ed, ["v=DKIM1; k=rsa; p=\(Self.rsaBase64)"]) == .otherAlgorithm(published: "rsa"))
        #expect(verdict(ed, ["v=DKIM1; p=\(Self.ed25519Base64)"]) == .otherAlgorithm(published: "rsa"), "k= defaults to rsa")
        #expect(verdict(rsa, ["v=DKIM1; k=ed25519; p=\(Self.ed25519Base64)"]) == .otherAlgorithm(published: "ed25519"))
        // dkimpy, like the RFC (§3.2), reads k= case-sensitively: k=ED25519 fails there.
        #expect(verdict(ed, ["v=DKIM1; k=ED25519; p=\(Self.ed25519Base64)"]) == .otherAlgorithm(published: "ED25519"))
        let check = DKIMRecordCheck(selector: "s1", domain: "example.org", key: ed, texts: ["v=DKIM1; k=ED25519; p=\(Self.ed25519Base64)"])
        #expect(check.report.contains("says k=ED25519, which verifiers do not read as k=ed25519"))
        let otherRSA = try _RSA.Signing.PrivateKey(keySize: .bits2048).publicKey.derRepresentation.base64EncodedString()
        #expect(verdict(rsa, ["v=DKIM1; k=rsa; p=\(otherRSA)"]) == .otherKey)
        #expect(verdict(rsa, ["v=DKIM1; k=rsa; p="]) == .revoked)
        // Some hosts publish the bare PKCS#1 key rather than SubjectPublicKeyInfo: the same key.
        let pkcs1 = Self.rsa.publicKey.pkcs1DERRepresentation.base64EncodedString()
        #expect(pkcs1 != Self.rsaBase64)
        #expect(verdict(rsa, ["v=DKIM1; k=rsa; p=\(pkcs1)"]) == .matches(testing: false))
        #expect(verdict(ed, ["v=DKIM1; k=ed25519; p=AAAA"]) == .malformed(.badKey("its p= has 3 bytes, not the 32 of an Ed25519 key")))
        #expect(verdict(rsa, ["v=DKIM1; k=rsa; p=AAAA"]) == .malformed(.badKey("its p= is not an RSA public key")))
        #expect(verdict(ed, []) == .notPublished)
        #expect(verdict(ed, ["v=spf1 -all", "v=DKIM1; k=ed25519; p=\(Self.ed25519Base64)"]) == .matches(testing: false))
        #expect(verdict(ed, ["v=spf1 -all"]) == .malformed(.missingPublicKey))
        #expect(verdict(ed, ["v=DKIM1; k=ed25519; p=\(Self.ed25519Base64)", "v=DKIM1; k=ed25519; p=\(other)"]) == .several(2))
        #expect(verdict(ed, ["v=DKIM1; k=ed25519; t=y; p=\(Self.ed25519Base64)"]) == .matches(testing: true))
    }

    @Test("a report that does not match carries the record to publish")
    func reportCarriesTheRecord() {
        let check = DKIMRecordCheck(selector: "s1", domain: "example.org", key: .ed25519(Self.ed25519), texts: ["v=DKIM1; k=rsa; p="])
        #expect(!check.matches)
        #expect(check.report.hasPrefix("s1._domainkey.example.org: the published record is revoked"))
        #expect(check.report.hasSuffix("\ns1._domainkey.example.org TXT \"v=DKIM1; k=ed25519; p=\(Self.ed25519Base64)\""))
    }
}

@Suite("TXT records through glibc's resolver, from a loopback DNS server")
struct DNSTextLookupTests {
    func lookup(_ server: TestServer, secondsPerTry: Int = 5) -> DNSTextLookup {
        DNSTextLookup(nameserver: .init("127.0.0.1:\(server.port)"), secondsPerTry: secondsPerTry, tries: 1)
    }

    @Test("a record's character-strings come back in order, several records each on its own")
    func records() throws {
        let long = String(repeating: "A", count: 255)
        let server = try TestServer(
            "dns_server.py",
            ["--txt", "s1._domainkey.example.org", "v=DKIM1; ", long, "B", "--txt", "s1._domainkey.example.org", "v=spf1 -all"])
        let records = try lookup(server).records(at: "S1._domainkey.example.org")
        #expect(records.map { $0.map { String(decoding: $0, as: UTF8.self) } } == [["v=DKIM1; ", long, "B"], ["v=spf1 -all"]])
        #expect(server.waitForEvent("query s1._domainkey.example.org 16", timeout: 10))
    }

    @Test("NXDOMAIN, a name without TXT records, SERVFAIL, and a server that never answers")
    func failures() throws {
        let server = try TestServer("dns_server.py", ["--empty", "empty.example.org"])
        #expect(throws: DNSTextLookup.Failure.noSuchName) { try lookup(server).records(at: "none.example.org") }
        #expect(throws: DNSTextLookup.Failure.noRecords) { try lookup(server).records(at: "empty.example.org") }
        let failing = try TestServer("dns_server.py", ["--servfail"])
        #expect(throws: DNSTextLookup.Failure.noAnswer) { try lookup(failing).records(at: "s1._domainkey.example.org") }
        // The wait is the resolver's own, one try of one second: the test ends, it cannot hang.
        let silent = try TestServer("dns_server.py", ["--silent"])
        #expect(throws: DNSTextLookup.Failure.noAnswer) { try lookup(silent, secondsPerTry: 1).records(at: "s1._domainkey.example.org") }
        #expect(silent.waitForEvent("query s1._domainkey.example.org 16", timeout: 10))
    }

    @Test(
        "a server is an IP address with an optional port",
        arguments: [
            ("127.0.0.1", "127.0.0.1:53"), ("127.0.0.1:5353", "127.0.0.1:5353"), ("::1", "[::1]:53"), ("[::1]:5353", "[::1]:5353"),
            ("ns.example.org", nil), ("127.0.0.1:0", nil), ("127.0.0.1:70000", nil), ("[::1", nil),
        ])
    func nameserver(_ text: String, _ expected: String?) {
        #expect(DNSTextLookup.Nameserver(text)?.description == expected)
    }
}
