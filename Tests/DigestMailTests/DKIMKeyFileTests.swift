import DigestCore
import DigestMail
import DigestTestSupport
import Foundation
import Testing

@Suite("DKIM keys: read with clear errors, made new, published")
struct DKIMKeyFileTests {
    func read(_ path: String) -> (key: DKIMSigner.Key?, error: String?, warnings: [String]) {
        var warnings: [String] = []
        do {
            return (try DKIMKeyFile.read(path: path, warn: { warnings.append($0) }), nil, warnings)
        } catch {
            return (nil, error.description, warnings)
        }
    }

    @Test("a key that cannot be used says why and what to do", .enabled(if: dkimpyAvailable, "openssl is not installed"))
    func unusableKeys() throws {
        let key = try OpenSSLKey("ed25519")
        let missing = read(key.folder.appendingPathComponent("nope.pem").path)
        #expect(missing.error?.contains("does not exist") == true)
        #expect(read(key.folder.path).error?.contains("is not a file") == true)

        let publicPath = key.folder.appendingPathComponent("public.pem").path
        _ = try runProgram(["openssl", "pkey", "-in", key.path, "-pubout", "-out", publicPath])
        #expect(read(publicPath).error?.contains("it holds a public key") == true)

        let garbage = key.folder.appendingPathComponent("garbage.pem").path
        try Data("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n".utf8).write(to: URL(fileURLWithPath: garbage))
        #expect(read(garbage).error?.contains("neither an Ed25519 nor an RSA private key") == true)

        let encrypted = key.folder.appendingPathComponent("encrypted.pem").path
        _ = try runProgram(["openssl", "pkey", "-in", key.path, "-aes256", "-passout", "pass:secret", "-out", encrypted])
        #expect(read(encrypted).error?.contains("passphrase") == true)
        let rsa = try OpenSSLKey("rsa")
        let traditional = key.folder.appendingPathComponent("encrypted-pkcs1.pem").path
        _ = try runProgram(["openssl", "rsa", "-in", rsa.path, "-traditional", "-aes256", "-passout", "pass:secret", "-out", traditional])
        #expect(read(traditional).error?.contains("passphrase") == true)

        let weak = try OpenSSLKey("rsa", bits: 1024)
        #expect(read(weak.path).error?.contains("1024-bit RSA key") == true)

        if getuid() != 0 {
            chmod(key.path, 0o000)
            #expect(read(key.path).error?.contains("cannot read") == true)
        }
    }

    @Test(
        "a key with text around its PEM block (openssl pkcs12's Bag Attributes) is read, of either algorithm",
        .enabled(if: dkimpyAvailable, "openssl is not installed"))
    func textAroundTheKey() throws {
        for algorithm in ["rsa", "ed25519"] {
            let key = try OpenSSLKey(algorithm)
            let pem = try String(contentsOfFile: key.path, encoding: .utf8)
            let wrapped = key.folder.appendingPathComponent("wrapped.pem")
            try Data("Bag Attributes\n    localKeyID: 01 00 00 00\nKey Attributes: <No Attributes>\n\(pem)\nend of export\n".utf8)
                .write(to: wrapped)
            chmod(wrapped.path, 0o600)
            let read = read(wrapped.path)
            #expect(read.key?.algorithm == (algorithm == "rsa" ? "rsa-sha256" : "ed25519-sha256"), "\(read.error ?? "")")
        }
    }

    @Test(
        "a key others can read is used, with a warning; one only its owner reads, without",
        .enabled(if: dkimpyAvailable, "openssl is not installed"))
    func permissions() throws {
        for algorithm in ["rsa", "ed25519"] {
            let key = try OpenSSLKey(algorithm)
            let ownerOnly = read(key.path)
            #expect(ownerOnly.key != nil && ownerOnly.warnings.isEmpty)
            chmod(key.path, 0o644)
            let shared = read(key.path)
            #expect(shared.key != nil)
            #expect(shared.warnings.count == 1 && shared.warnings[0].contains("chmod 600"))
        }
    }

    @Test("settings and environment must agree: a key needs a selector, a selector a key")
    func configuration() throws {
        var settings = Settings.thisRepository
        func signer(_ environment: [String: String]) -> String? {
            do {
                return try DKIMKeyFile.signer(settings: settings, environment: environment, warn: { _ in }).map {
                    "\($0.selector) \($0.domain)"
                }
            } catch {
                return "error: \(error.description)"
            }
        }
        #expect(signer([:]) == nil)
        #expect(
            signer(["DIGEST_DKIM_KEY": "/x.pem"])?.contains(
                "error: DIGEST_DKIM_KEY names a DKIM key but the settings have no dkim.selector") == true)
        settings.dkim = Settings.DKIM(selector: "digest2026", location: "digest.yaml:72:3")
        #expect(signer([:])?.hasPrefix("error: digest.yaml:72:3: the settings ask for DKIM signing but DIGEST_DKIM_KEY is not set") == true)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-dkim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("k.pem").path
        try DKIMKeyFile.write(DKIMKeyFile.pem(of: try DKIMKeyFile.generate(.ed25519)), to: path)
        #expect(signer(["DIGEST_DKIM_KEY": path]) == "digest2026 spfusa.org")
        settings.dkim?.domain = "news.example.org"
        var warnings: [String] = []
        _ = try DKIMKeyFile.signer(settings: settings, environment: ["DIGEST_DKIM_KEY": path], warn: { warnings.append($0) })
        #expect(warnings.count == 1 && warnings[0].contains("DMARC"))
        // Aligned under DMARC's relaxed rule (spfusa.org is the sender's domain): no warning.
        for aligned in ["mail.spfusa.org", "SPFUSA.org"] {
            settings.dkim?.domain = aligned
            warnings = []
            _ = try DKIMKeyFile.signer(settings: settings, environment: ["DIGEST_DKIM_KEY": path], warn: { warnings.append($0) })
            #expect(warnings.isEmpty, "\(aligned)")
        }
    }

    @Test(
        "a new key is written with mode 600, never over a file, and reads back; its record is what DNS wants",
        arguments: DKIMKeyFile.Algorithm.allCases)
    func keygen(_ algorithm: DKIMKeyFile.Algorithm) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-dkim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("new.pem").path
        let key = try DKIMKeyFile.generate(algorithm)
        try DKIMKeyFile.write(DKIMKeyFile.pem(of: key), to: path)
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(mode == 0o600)
        #expect(throws: DKIMError.self) { try DKIMKeyFile.write("other", to: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == DKIMKeyFile.pem(of: key))
        let again = try DKIMKeyFile.read(path: path, warn: { Issue.record("unexpected warning \($0)") })
        #expect(
            DKIMKeyFile.dnsRecord(for: again, selector: "s", domain: "d.org")
                == DKIMKeyFile.dnsRecord(for: key, selector: "s", domain: "d.org"))

        let record = DKIMKeyFile.dnsRecord(for: key, selector: "digest2026", domain: "spfusa.org")
        #expect(record.hasPrefix("digest2026._domainkey.spfusa.org TXT \"v=DKIM1; k=\(algorithm.rawValue); p="))
        let strings = record.split(separator: "\"").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        #expect(strings.allSatisfy { $0.utf8.count <= 255 })
        let p = try #require(strings.joined().split(separator: "p=").last)
        let publicKey = try #require(Data(base64Encoded: String(p)))
        // Ed25519: the raw 32-byte key (RFC 8463); RSA: a 2048-bit key's SubjectPublicKeyInfo.
        #expect(algorithm == .ed25519 ? publicKey.count == 32 : publicKey.count == 294)
    }
}
