import DigestTestSupport
import Foundation
import Testing

@testable import digest

/// `digest send` reads a plain command line (one path, its options, `--to` repeated) itself
/// and leaves everything else to ArgumentParser; either way the send must be the same.
@Suite("digest send, its command line read with and without ArgumentParser")
struct SendCommandLineTests {
    /// Pairs of command lines that mean the same, the second of which only ArgumentParser
    /// reads (`--option=value` and `--` are left to it). `DRAFT` stands for the new draft.
    static let pairs: [([String], [String])] = [
        (
            ["send", "DRAFT", "--to", "ed@example.org", "--to", "copy@example.org"],
            ["send", "--to=ed@example.org", "--to=copy@example.org", "--", "DRAFT"]
        ),
        (["send", "--dry-run", "DRAFT", "--connections", "3"], ["send", "--connections=3", "--dry-run", "--", "DRAFT"]),
        (
            ["send", "DRAFT", "--yes", "--via", "maildir:Sent", "--rate", "500"],
            ["send", "--via=maildir:Sent", "--rate=500", "--yes", "--", "DRAFT"]
        ),
        (["send", "DRAFT", "--status"], ["send", "--status", "--", "DRAFT"]),
        (
            ["send", "DRAFT", "--yes", "--subscribers", "Subscribers/missing.csv"],
            ["send", "--subscribers=Subscribers/missing.csv", "--yes", "--", "DRAFT"]
        ),
        (["send", "Drafts/missing.issue", "--to", "ed@example.org"], ["send", "--to=ed@example.org", "--", "Drafts/missing.issue"]),
        (
            ["send", "DRAFT", "--yes", "--via", "maildir:Sent", "--allow-plaintext", "--retry-refused", "--resend-uncertain"],
            ["send", "--via=maildir:Sent", "--allow-plaintext", "--retry-refused", "--resend-uncertain", "--yes", "--", "DRAFT"]
        ),
    ]

    /// What a run printed, its timings and the random part of a test copy's key left out.
    static func settled(_ text: String) -> String {
        text.replacingOccurrences(of: #"[0-9][0-9.,]* ?(s|ms|/s)\b"#, with: "TIME", options: .regularExpression)
            .replacingOccurrences(of: #"test-[0-9]+"#, with: "test-N", options: .regularExpression)
    }

    @Test("a plain command line gives what ArgumentParser's reading of it gives", arguments: 0..<pairs.count)
    func sameRun(_ index: Int) throws {
        var runs: [(status: Int32, output: String, errors: String, outbox: [String])] = []
        for arguments in [Self.pairs[index].0, Self.pairs[index].1] {
            // Each in a checkout of its own: a send changes what the next one does.
            let (checkout, draft) = try sendCheckout(subscribers: 3, unsubscribed: 1)
            let run = try digest(arguments.map { $0 == "DRAFT" ? draft : $0 }, in: checkout.root, environment: secret)
            let outbox = ["Outbox/new", "Sent/new"].flatMap {
                (try? FileManager.default.contentsOfDirectory(atPath: checkout.url($0).path)) ?? []
            }
            runs.append(
                (run.status, Self.settled(run.output), Self.settled(run.errors.replacingOccurrences(of: draft, with: "DRAFT")), outbox))
        }
        let (fast, slow) = (runs[0], runs[1])
        #expect(fast.status == slow.status)
        #expect(fast.output == slow.output)
        #expect(fast.errors == slow.errors)
        #expect(fast.outbox.count == slow.outbox.count)
    }

    @Test("the plain reading takes a path and send's own options, and leaves every other command line to ArgumentParser")
    func plainReading() throws {
        let options = try #require(
            DigestCommand.Send.Options(plainArguments: [
                "--to", "a@example.org", "Drafts/x.issue", "--to", "b@example.org", "--via", "ses://eu-west-1", "--connections", "8",
                "--rate", "12.5", "--subscribers", "list.csv", "--yes", "--dry-run", "--accept-changed-issue",
            ]))
        #expect(options.path == "Drafts/x.issue" && options.testAddresses == ["a@example.org", "b@example.org"])
        #expect(options.via == "ses://eu-west-1" && options.connections == 8 && options.rate == 12.5 && options.subscribers == "list.csv")
        #expect(options.yes && options.dryRun && options.acceptChangedIssue && !options.status && !options.retryRefused)
        for pair in Self.pairs {
            #expect(DigestCommand.Send.Options(plainArguments: pair.0.dropFirst()) != nil, "\(pair.0)")
            #expect(DigestCommand.Send.Options(plainArguments: pair.1.dropFirst()) == nil, "\(pair.1)")
        }
        for arguments in [
            ["x.issue", "--yes", "--yes"], ["x.issue", "y.issue"], [], ["x.issue", "--via"], ["x.issue", "--via", "--yes"],
            ["x.issue", "--connections", "0"], ["x.issue", "--connections", "2.5"], ["x.issue", "--rate", "nan"], ["x.issue", "-y"],
            ["x.issue", "--help"], ["x.issue", "--status", "--to", "a@example.org"], ["x.issue", "--to", "a\r\nBcc: b@example.org"],
        ] {
            #expect(DigestCommand.Send.Options(plainArguments: arguments) == nil, "\(arguments)")
        }
    }

    @Test("help, bad values and options that do not go together get ArgumentParser's messages and exit codes")
    func leftToArgumentParser() throws {
        let (checkout, draft) = try sendCheckout(subscribers: 2)
        let help = try digest(["send", "--help"], in: checkout.root)
        #expect(help.status == 0 && help.output.contains("USAGE: digest send"))
        let cases: [([String], String)] = [
            (["send", draft, "--connections", "0"], "--connections must be from 1 to 32"),
            (["send", draft, "--connections", "many"], "many"),
            (["send", draft, "--rate", "-5"], "--rate"),
            (["send", draft, "--rate", "nan"], "--rate must be a number of messages per second from 0.001 to 100000, such as 10"),
            (["send", draft, "--rate", "1e-320"], "--rate must be a number of messages per second from 0.001"),
            (["send", draft, "--rate", "inf"], "--rate must be a number of messages per second from 0.001"),
            (["send", draft, "--status", "--dry-run"], "--status goes alone"),
            (["send", draft, "--retry-refused", "--to", "ed@example.org"], "--retry-refused goes with a send to the subscribers"),
            (["send", draft, "--via", "maildir:Out", "--smtp", "smtp://127.0.0.1:25"], "--via and --smtp both name a route"),
            (["send", draft, "--via", "ftp://example.org"], "--via"),
            (["send", draft, "--to", "not an address"], "--to:"),
            (["send", draft, draft], draft),
            (["send", "--to", "ed@example.org"], "path"),
            (["send", draft, "--via"], "--via"),
            (["send", draft, "--no-such-option"], "--no-such-option"),
        ]
        for (arguments, said) in cases {
            let run = try digest(arguments, in: checkout.root, environment: secret)
            #expect(run.status == 2, "\(arguments)")
            #expect(run.errors.contains(said), "\(arguments): \(run.errors)")
        }
        // Nothing was sent by any of them.
        #expect(!FileManager.default.fileExists(atPath: checkout.url("Outbox").path))
    }
}
