import DigestTestSupport
import Foundation
import Testing

@Suite("digest dkim keygen, and sends that sign every message", .enabled(if: dkimpyAvailable, "dkimpy or openssl is not installed"))
struct DKIMCommandTests {
    /// A checkout whose settings ask for DKIM with selector `digest2026`.
    func dkimCheckout(subscribers: Int) throws -> (Checkout, String) {
        let (checkout, draft) = try sendCheckout(subscribers: subscribers)
        let settings = try String(contentsOf: checkout.url("digest.yaml"), encoding: .utf8)
        try checkout.write(
            settings.replacingOccurrences(of: "# dkim:\n#   selector: digest2026", with: "dkim:\n  selector: digest2026"), to: "digest.yaml"
        )
        return (checkout, draft)
    }

    /// The TXT record's text, its quoted strings joined, from keygen's output line.
    func recordText(_ line: String) -> String {
        line.split(separator: "\"", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map(\.element).joined()
    }

    @Test(
        "keygen writes a key only its owner reads and never replaces one; the outbox and a test copy are signed with it",
        arguments: ["ed25519", "rsa"])
    func keygenThenSend(_ algorithm: String) throws {
        let (checkout, draft) = try dkimCheckout(subscribers: 3)
        let made = try digest(
            ["dkim", "keygen", "--algorithm", algorithm, "--output", "../key-\(algorithm).pem"], in: checkout.url("Drafts"))
        #expect(made.status == 0, "\(made.errors)")
        let keyPath = checkout.url("key-\(algorithm).pem").path
        defer { try? FileManager.default.removeItem(atPath: keyPath) }
        let mode = try FileManager.default.attributesOfItem(atPath: keyPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let line = made.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(line.hasPrefix("digest2026._domainkey.spfusa.org TXT \"v=DKIM1; k=\(algorithm); p="))
        let before = try Data(contentsOf: URL(fileURLWithPath: keyPath))
        let again = try digest(["dkim", "keygen", "--output", keyPath], in: checkout.root)
        #expect(again.status == 2 && again.errors.contains("exists already"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: keyPath)) == before)

        let environment = ["DIGEST_DKIM_KEY": keyPath]
        let sent = try digest(["send", draft], in: checkout.root, environment: environment)
        #expect(sent.status == 0, "\(sent.errors)")
        let test = try digest(["send", draft, "--to", "editor@example.org"], in: checkout.root, environment: environment)
        #expect(test.status == 0, "\(test.errors)")
        let folder = checkout.url("Outbox/new")
        let messages = try FileManager.default.contentsOfDirectory(atPath: folder.path).map {
            Array(try Data(contentsOf: folder.appendingPathComponent($0)))
        }
        #expect(messages.count == 4)
        let (verdicts, asked) = try dkimpyVerdicts(messages, record: recordText(line))
        #expect(verdicts == Array(repeating: true, count: 4))
        #expect(asked == ["digest2026._domainkey.spfusa.org."])
    }

    @Test(
        "through SES every message is signed without Message-ID and Date, which SES rewrites, and verifies",
        .enabled(if: sesEmulatorAvailable, "moto is not installed"))
    func signedForSES() throws {
        let (checkout, draft) = try dkimCheckout(subscribers: 3)
        let made = try digest(["dkim", "keygen", "--algorithm", "ed25519", "--output", "key.pem"], in: checkout.root)
        #expect(made.status == 0, "\(made.errors)")
        let emulator = try SESEmulator(verify: ["egulum@spfusa.org"])
        let environment = secret.merging(emulator.credentials) { $1 }.merging([
            "DIGEST_SES_ENDPOINT": emulator.endpoint, "DIGEST_DKIM_KEY": checkout.url("key.pem").path,
        ]) { $1 }
        let sent = try digest(["send", draft, "--via", "ses://us-east-1", "--yes"], in: checkout.root, environment: environment)
        #expect(sent.status == 0, "\(sent.output)\(sent.errors)")
        let messages = try emulator.messages().map { Array($0.raw) }
        #expect(messages.count == 3)
        for message in messages {
            // The signature's lines unfolded: h= folds before a colon.
            let signature = String(decoding: message, as: UTF8.self).components(separatedBy: "\r\n").prefix { !$0.hasPrefix("From:") }
                .joined().replacingOccurrences(of: "\t", with: "")
            #expect(
                signature.contains("h=from:from:to:to:cc:reply-to:subject:subject:mime-version:") && !signature.contains("message-id"),
                "\(signature)")
        }
        let (verdicts, _) = try dkimpyVerdicts(messages, record: recordText(made.output.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(verdicts == Array(repeating: true, count: 3))
    }

    @Test("a key that is missing, or set without a selector, stops the send before anything is written")
    func unusableKeyStopsTheSend() throws {
        let (checkout, draft) = try dkimCheckout(subscribers: 2)
        let missing = try digest(["send", draft], in: checkout.root, environment: ["DIGEST_DKIM_KEY": checkout.url("none.pem").path])
        #expect(missing.status == 2)
        #expect(missing.errors.contains("none.pem, which does not exist"))
        let unset = try digest(["send", draft, "--to", "editor@example.org"], in: checkout.root)
        #expect(unset.status == 2)
        #expect(unset.errors.contains("DIGEST_DKIM_KEY is not set"))
        #expect(!FileManager.default.fileExists(atPath: checkout.url("Outbox").path))
    }

    /// The quoted strings of keygen's output line, as a DNS host would store them.
    func recordStrings(_ line: String) -> [String] {
        line.split(separator: "\"", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }

    @Test("check: the published record matches, is another key, is missing, or gets no answer", arguments: ["ed25519", "rsa"])
    func check(_ algorithm: String) throws {
        let (checkout, _) = try dkimCheckout(subscribers: 1)
        let made = try digest(["dkim", "keygen", "--algorithm", algorithm, "--output", "key.pem"], in: checkout.root)
        #expect(made.status == 0, "\(made.errors)")
        let line = made.output.trimmingCharacters(in: .whitespacesAndNewlines)
        let environment = ["DIGEST_DKIM_KEY": checkout.url("key.pem").path]
        let name = "digest2026._domainkey.spfusa.org"

        let published = try TestServer("dns_server.py", ["--txt", name] + recordStrings(line))
        let matching = try digest(
            ["dkim", "check", "--nameserver", "127.0.0.1:\(published.port)"], in: checkout.root, environment: environment)
        #expect(matching.status == 0, "\(matching.errors)")
        #expect(matching.output == "\(name): the published record matches the key (\(algorithm == "rsa" ? "rsa, 2048 bits" : "ed25519"))\n")

        let other = try digest(["dkim", "keygen", "--algorithm", algorithm, "--output", "other.pem"], in: checkout.root)
        let otherKey = try digest(
            ["dkim", "check", "--nameserver", "127.0.0.1:\(published.port)"], in: checkout.root,
            environment: ["DIGEST_DKIM_KEY": checkout.url("other.pem").path])
        #expect(otherKey.status == 1)
        #expect(otherKey.output.contains("the published record is for another key than this one"))
        #expect(otherKey.output.hasSuffix("\n\(other.output.trimmingCharacters(in: .whitespacesAndNewlines))\n"), "the record to publish")

        let missing = try TestServer("dns_server.py", [])
        let absent = try digest(
            ["dkim", "check", "--nameserver", "127.0.0.1:\(missing.port)"], in: checkout.root, environment: environment)
        #expect(absent.status == 1)
        #expect(absent.output.hasPrefix("\(name): no DKIM record is published; publish this one"))
        #expect(absent.output.hasSuffix("\n\(line)\n"))

        let silent = try TestServer("dns_server.py", ["--silent"])
        let unanswered = try digest(
            ["dkim", "check", "--nameserver", "127.0.0.1:\(silent.port)", "--timeout", "1"], in: checkout.root, environment: environment)
        #expect(unanswered.status == 2)
        #expect(
            unanswered.errors
                == "digest: cannot check \(name): 127.0.0.1:\(silent.port) gave no answer in time (or a server failure); check the address and the network, or try again later\n"
        )
        #expect(silent.waitForEvent("query \(name) 16", timeout: 10))
    }

    @Test("check: a revoked or wrong-algorithm record is a mismatch; no key or a bad server is a usage error")
    func checkMismatchAndUsage() throws {
        let (checkout, _) = try dkimCheckout(subscribers: 1)
        _ = try digest(["dkim", "keygen", "--algorithm", "ed25519", "--output", "key.pem"], in: checkout.root)
        let environment = ["DIGEST_DKIM_KEY": checkout.url("key.pem").path]
        let name = "digest2026._domainkey.spfusa.org"
        let server = try TestServer("dns_server.py", ["--txt", name, "v=DKIM1; k=rsa; p="])
        let revoked = try digest(
            ["dkim", "check", "--nameserver", "127.0.0.1:\(server.port)"], in: checkout.root, environment: environment)
        #expect(revoked.status == 1)
        #expect(revoked.output.hasPrefix("\(name): the published record is revoked (p= is empty)"))
        let rsaRecord = try TestServer("dns_server.py", ["--txt", name, "v=DKIM1; k=rsa; p=AAAA"])
        let otherAlgorithm = try digest(
            ["dkim", "check", "--nameserver", "127.0.0.1:\(rsaRecord.port)"], in: checkout.root, environment: environment)
        #expect(otherAlgorithm.status == 1)
        #expect(otherAlgorithm.output.hasPrefix("\(name): the published record is for a k=rsa key, but the key is ed25519"))

        let noKey = try digest(["dkim", "check", "--nameserver", "127.0.0.1:\(server.port)"], in: checkout.root)
        #expect(noKey.status == 2 && noKey.errors.contains("DIGEST_DKIM_KEY is not set"))
        let badServer = try digest(["dkim", "check", "--nameserver", "ns1.example.org"], in: checkout.root, environment: environment)
        #expect(badServer.status == 2 && badServer.errors.contains("--nameserver ns1.example.org is not an IP address"))
    }
}
