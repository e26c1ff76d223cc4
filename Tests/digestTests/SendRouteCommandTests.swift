import DigestTestSupport
import Foundation
import Testing

/// `digest send --via URL`, `DIGEST_SEND_VIA` and `send.via`: one option names where a send goes.
@Suite("digest send --via")
struct SendRouteCommandTests {
    /// The messages in a Maildir folder of the checkout.
    func messages(in folder: String, of checkout: Checkout) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: checkout.url("\(folder)/new").path)
    }

    @Test("--via maildir:PATH writes every reader's message there with its journal; --via beats DIGEST_SEND_VIA beats send.via")
    func maildir() throws {
        let (checkout, draft) = try sendCheckout(subscribers: 4, unsubscribed: 1)
        let proofs = try digest(["send", draft, "--via", "maildir:Proofs/vol"], in: checkout.root)
        #expect(proofs.status == 0, "\(proofs.errors)")
        #expect(proofs.output.contains("to the outbox Proofs/vol/: 3 accepted, 0 refused"), "\(proofs.output)")
        #expect(try messages(in: "Proofs/vol", of: checkout).count == 3)
        #expect(
            try emailDefects(messages(in: "Proofs/vol", of: checkout).map { try Data(contentsOf: checkout.url("Proofs/vol/new/\($0)")) })
                == [])
        #expect(!FileManager.default.fileExists(atPath: checkout.url("Outbox").path))
        let status = try digest(["send", "--status", draft, "--via", "maildir:Proofs/vol"], in: checkout.root)
        #expect(status.output.hasPrefix("journal: Proofs/vol/"), "\(status.output)")
        #expect(status.output.contains("sent      3\n"))

        let yaml = try String(contentsOf: checkout.url("digest.yaml"), encoding: .utf8)
        try checkout.write(
            yaml.replacingOccurrences(of: "  # via: smtp://mail.example.org:587", with: "  via: maildir:From settings"), to: "digest.yaml")
        #expect(try digest(["send", draft], in: checkout.root).output.contains("to the outbox From settings/: 3 accepted"))
        let fromEnvironment = try digest(
            ["send", draft], in: checkout.root, environment: ["DIGEST_SEND_VIA": "maildir:/tmp/../\(checkout.root.path)/Env"])
        #expect(fromEnvironment.output.contains("to the outbox Env/: 3 accepted"), "\(fromEnvironment.output) \(fromEnvironment.errors)")
        let fromCommand = try digest(
            ["send", draft, "--via", "maildir:Command"], in: checkout.root, environment: ["DIGEST_SEND_VIA": "maildir:Env"])
        #expect(fromCommand.output.contains("to the outbox Command/: 3 accepted"))
        for folder in ["From settings", "Env", "Command"] { #expect(try messages(in: folder, of: checkout).count == 3) }
    }

    @Test("--via smtp://… sends through the server, journals in .digest/journal/ and writes the summary to commit")
    func smtp() throws {
        let (checkout, draft) = try sendCheckout(subscribers: 3)
        let server = try TestServer("fault_server.py")
        let sent = try digest(["send", draft, "--via", server.url, "--yes"], in: checkout.root, environment: secret)
        #expect(sent.status == 0, "\(sent.errors)")
        #expect(sent.output.contains("to \(server.url): 3 accepted, 0 refused"), "\(sent.output)")
        #expect(
            try server.received().map(\.recipients).sorted { $0[0] < $1[0] } == [
                ["reader0@example.org"], ["reader1@example.org"], ["reader2@example.org"],
            ])
        #expect(try journalLines(draft, server: server, in: checkout).contains { $0.contains("reader2@example.org") })
        let summaries = try FileManager.default.contentsOfDirectory(atPath: checkout.url("Subscribers/sent").path)
        #expect(summaries.count == 1)
        // The same route named in the environment: the journal says it is done.
        let again = try digest(
            ["send", draft, "--yes"], in: checkout.root, environment: secret.merging(["DIGEST_SEND_VIA": server.url]) { $1 })
        #expect(again.status == 0 && again.output.contains("nothing left to send"), "\(again.output)")
    }

    @Test("an unknown route, two at once, or a bad maildir: are usage errors that name what to write, and nothing is sent")
    func refusals() throws {
        let (checkout, draft) = try sendCheckout(subscribers: 2)
        let unknown = try digest(["send", draft, "--via", "sesv2://us-east-1"], in: checkout.root)
        #expect(unknown.status == 2)
        #expect(
            unknown.errors.contains(
                "--via names the route “sesv2”, which digest does not have; routes are smtp://host:port, smtps://host:port, ses://REGION or maildir:PATH"
            ),
            "\(unknown.errors)")
        let both = try digest(["send", draft, "--via", "maildir:A", "--smtp", "smtp://127.0.0.1:2525"], in: checkout.root)
        #expect(both.status == 2 && both.errors.contains("--via and --smtp both name a route"), "\(both.errors)")
        let environment = try digest(["send", draft], in: checkout.root, environment: ["DIGEST_SEND_VIA": "Outbox"])
        #expect(environment.status == 2 && environment.errors.contains("DIGEST_SEND_VIA must name a route"), "\(environment.errors)")
        let empty = try digest(["send", draft, "--via", "maildir:"], in: checkout.root)
        #expect(empty.status == 2 && empty.errors.contains("names no folder"))
        // A file where the outbox should be: said in words, not as Foundation's error value.
        try checkout.write("not a folder\n", to: "Plain file")
        let file = try digest(["send", draft, "--via", "maildir:Plain file", "--to", "editor@example.org"], in: checkout.root)
        #expect(file.errors.contains("cannot make the outbox \(checkout.url("Plain file").path) ("), "\(file.errors)")
        #expect(!file.errors.contains("NSCocoaErrorDomain"), "\(file.errors)")
        // Nobody was tried: the report counts them as the test copy it was, not "nothing left to send".
        #expect(
            file.status == 1 && file.output.contains("test copy of “") && file.output.contains(": 0 accepted, 0 refused")
                && !file.output.contains("nothing left to send"), "\(file.output)")
        // A send to the readers: the journal's folder is the file, named with what to do.
        let readers = try digest(["send", draft, "--via", "maildir:Plain file", "--yes"], in: checkout.root, environment: secret)
        #expect(
            readers.status == 2 && readers.errors.contains("Plain file: this is not a folder (a file, or a link to nothing)"),
            "\(readers.errors)")
        #expect(!FileManager.default.fileExists(atPath: checkout.url("Outbox").path))
        #expect(!FileManager.default.fileExists(atPath: checkout.url("A").path))
    }
}
