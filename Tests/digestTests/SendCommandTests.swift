import DigestTestSupport
import Foundation
import Testing

/// A checkout with a new draft (its placeholders are warnings, not errors) and `count`
/// subscribers, the last `unsubscribed` of them unsubscribed.
func sendCheckout(subscribers count: Int, unsubscribed: Int = 0) throws -> (Checkout, String) {
    let checkout = try Checkout()
    let draft = try digest(["new"], in: checkout.root).output.trimmingCharacters(in: .whitespacesAndNewlines)
    var csv = "address,name,status,subscribed,changed\n"
    for index in 0..<count {
        let status = index >= count - unsubscribed ? "unsubscribed" : "subscribed"
        csv += "reader\(index)@example.org,Reader \(index),\(status),2023-01-01,2023-01-01\n"
    }
    try checkout.write(csv, to: "Subscribers/subscribers.csv")
    return (checkout, draft)
}

let secret = ["DIGEST_UNSUBSCRIBE_SECRET": "0123456789abcdef0123456789abcdef"]

@Suite("digest send")
struct SendCommandTests {
    @Test("without an SMTP server the issue goes to the Maildir outbox, once: a second run sends nothing")
    func outbox() throws {
        let (checkout, draft) = try sendCheckout(subscribers: 5, unsubscribed: 1)
        let first = try digest(["send", draft], in: checkout.root)
        #expect(first.status == 0, "\(first.errors)")
        #expect(first.output.contains("to the outbox Outbox/: 4 accepted, 0 refused, 0 deferred, 0 uncertain"))
        let messages = try FileManager.default.contentsOfDirectory(atPath: checkout.url("Outbox/new").path)
        #expect(messages.count == 4)
        #expect(try emailDefects(messages.map { try Data(contentsOf: checkout.url("Outbox/new/\($0)")) }) == [])
        let second = try digest(["send", draft], in: checkout.root)
        #expect(second.status == 0)
        #expect(second.output.contains("nothing left to send"))
        #expect(second.output.contains("skipped from earlier runs: 4 sent"))
        let status = try digest(["send", "--status", draft], in: checkout.root)
        #expect(status.output.contains("sent      4\n") && status.output.contains("remaining 0\n"))
    }

    @Test("an issue with lint errors is refused with the findings, and nothing is sent")
    func refusesLintErrors() throws {
        let (checkout, _) = try sendCheckout(subscribers: 2)
        let result = try digest(["send", "seeds/archive/2023-03-23-vol-2.5.issue"], in: checkout.root)
        #expect(result.status == 1)
        #expect(result.errors.contains("error:") && result.errors.contains("[footer]"))
        #expect(result.errors.contains("mend them"))
        #expect(!FileManager.default.fileExists(atPath: checkout.url("Outbox").path))
    }

    @Test("--dry-run builds and checks every message and sends nothing; --to sends one test copy and leaves the journal alone")
    func dryRunAndTestCopy() throws {
        let (checkout, draft) = try sendCheckout(subscribers: 3)
        let dry = try digest(["send", draft, "--dry-run"], in: checkout.root)
        #expect(dry.status == 0)
        #expect(dry.output.hasPrefix("dry run: 3 messages built and checked"))
        #expect(!FileManager.default.fileExists(atPath: checkout.url("Outbox").path))
        let test = try digest(["send", draft, "--to", "editor@example.org"], in: checkout.root)
        #expect(test.status == 0, "\(test.errors)")
        #expect(test.output.contains("test copy of"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: checkout.url("Outbox/new").path).count == 1)
        let journal = try FileManager.default.contentsOfDirectory(atPath: checkout.url("Outbox").path).filter { $0.hasSuffix(".journal") }
        #expect(journal.isEmpty)
    }

    @Test("mistakes that would mail the wrong way are refused before anything is sent")
    func refusals() throws {
        let (checkout, draft) = try sendCheckout(subscribers: 2)
        let credentials = try digest(["send", draft, "--smtp", "smtp://editor:hunter2@127.0.0.1:2525", "--yes"], in: checkout.root)
        #expect(credentials.status == 2)
        #expect(credentials.errors.contains("DIGEST_SMTP_USER"))
        let noSecret = try digest(["send", draft, "--smtp", "smtp://127.0.0.1:2525", "--yes"], in: checkout.root)
        #expect(noSecret.status == 2)
        #expect(noSecret.errors.contains("DIGEST_UNSUBSCRIBE_SECRET"))
        let noTerminal = try digest(["send", draft, "--smtp", "smtp://127.0.0.1:2525"], in: checkout.root, environment: secret)
        #expect(noTerminal.status == 2)
        #expect(noTerminal.errors.contains("pass --yes"))
        try checkout.write(
            "address,name\nok@example.org,OK\n\"bad@example.org\r\nBcc: x@evil.example\",X\n", to: "Subscribers/subscribers.csv")
        let badList = try digest(["send", draft], in: checkout.root)
        #expect(badList.status == 1)
        #expect(badList.errors.contains("subscribers.csv:3: error: the address contains a line break"))
        #expect(badList.errors.contains("nothing was sent"))
    }

    @Test(
        "Ctrl-C finishes the messages in flight, records them, says how to resume, and the next run sends the rest once",
        .enabled(if: aiosmtpdAvailable, "python3 -m pip install aiosmtpd (.ci/setup --test does)"))
    func interrupted() throws {
        let (checkout, draft) = try sendCheckout(subscribers: 400)
        let server = try TestServer()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: digestExecutable)
        process.arguments = ["send", draft, "--smtp", server.url, "--yes", "--rate", "40"]
        process.currentDirectoryURL = checkout.root
        process.environment = ProcessInfo.processInfo.environment.merging(secret) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        usleep(1_500_000)
        kill(process.processIdentifier, SIGINT)
        let report = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(report.contains("stopped by Ctrl-C"), "\(report)")
        #expect(report.contains("0 uncertain"), "\(report)")
        let firstCount = try server.received().count
        #expect(firstCount > 0 && firstCount < 400)

        let resumed = try run([digestExecutable, "send", draft, "--smtp", server.url, "--yes"], in: checkout.root, environment: secret)
        #expect(resumed.status == 0)
        #expect(resumed.output.contains("skipped from earlier runs: \(firstCount) sent"), "\(resumed.output)")
        let copies = Dictionary(grouping: try server.received(), by: { $0.recipients.first ?? "" }).mapValues(\.count)
        #expect(copies.count == 400 && copies.values.allSatisfy { $0 == 1 })
    }

    @Test(
        "killed with SIGKILL at random moments and resumed, a send mails every reader exactly once except the few reported uncertain",
        .enabled(if: aiosmtpdAvailable, "python3 -m pip install aiosmtpd (.ci/setup --test does)"))
    func survivesKills() throws {
        let readerCount = 500
        let (checkout, draft) = try sendCheckout(subscribers: readerCount)
        let server = try TestServer()
        let arguments = [digestExecutable, "send", draft, "--smtp", server.url, "--yes", "--connections", "2"]
        var generator = SystemRandomNumberGenerator()
        var kills = 0
        var finished = false
        for _ in 0..<60 where !finished {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: arguments[0])
            process.arguments = Array(arguments.dropFirst())
            process.currentDirectoryURL = checkout.root
            process.environment = ProcessInfo.processInfo.environment.merging(secret) { $1 }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32.random(in: 10_000...200_000, using: &generator))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
            }
            process.waitUntilExit()
            finished = process.terminationReason == .exit
        }
        // One last run without a kill settles whatever is left.
        let settling = try run(arguments, in: checkout.root, environment: secret)
        #expect(kills >= 5, "the send finished too fast to be killed often: \(kills) kills")

        // Every reader's last journal line, and what the server received for each.
        let journal = try String(contentsOf: checkout.url(".digest/journal/vol-2.6.journal"), encoding: .utf8)
        var last: [String: String] = [:]
        for line in journal.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            if fields.count == 5 && !fields[1].isEmpty { last[String(fields[1])] = String(fields[0]) }
        }
        let uncertain = Set(last.filter { $0.value == "intent" || $0.value == "uncertain" }.keys)
        // Exit 0 only when nobody is left in doubt; the uncertain are listed by name.
        #expect(settling.status == (uncertain.isEmpty ? 0 : 1), "\(settling.output)\(settling.errors)")
        // The report names the first 20 of each kind.
        let named = uncertain.filter { settling.output.contains("  \($0)  ") }
        #expect(named.count == min(uncertain.count, 20))
        var copies: [String: Int] = [:]
        let received = try server.received()
        for message in received {
            #expect(message.recipients.count == 1)
            copies[message.recipients[0], default: 0] += 1
        }
        for index in 0..<readerCount {
            let reader = "reader\(index)@example.org"
            if uncertain.contains(reader) {
                #expect((copies[reader] ?? 0) <= 1, "\(reader) is uncertain but got \(copies[reader] ?? 0) copies")
            } else {
                #expect(copies[reader] == 1, "\(reader) got \(copies[reader] ?? 0) copies (last line: \(last[reader] ?? "none"))")
                #expect(last[reader] == "accepted")
            }
        }
        #expect(uncertain.count <= kills * 2, "at most the messages in flight at each kill are uncertain")
        let status = try digest(["send", "--status", draft, "--smtp", server.url], in: checkout.root)
        #expect(status.output.split(separator: "\n").contains { $0.hasPrefix("remaining") && $0.hasSuffix(" 0") }, "\(status.output)")
        print("crash test: \(kills) kills, \(received.count) messages received for \(readerCount) readers, \(uncertain.count) uncertain")
    }
}
