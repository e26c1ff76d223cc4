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
}
