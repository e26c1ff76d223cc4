import DigestTestSupport
import Foundation
import Testing

/// `digest send --via ses://REGION` against moto behind the signature-checking proxy: the
/// whole list arrives, the quota is read first, a refused sender marks nobody, and a send
/// killed at any moment and resumed mails nobody twice except the readers it reports uncertain.
@Suite(
    "digest send --via ses://", .enabled(if: sesEmulatorAvailable, "python3 -m pip install 'moto[server]' botocore (.ci/setup --test does)")
)
struct SESSendCommandTests {
    static let sender = "egulum@spfusa.org"

    /// The environment of a send to `emulator`: its credentials and endpoint, the unsubscribe secret.
    func environment(_ emulator: SESEmulator) -> [String: String] {
        secret.merging(emulator.credentials) { $1 }.merging(["DIGEST_SES_ENDPOINT": emulator.endpoint]) { $1 }
    }

    @Test("every subscriber's message arrives through SES, signed right, its MessageId in the journal")
    func sends() throws {
        let (checkout, draft) = try sendCheckout(subscribers: 6, unsubscribed: 1)
        let emulator = try SESEmulator(verify: [Self.sender])
        let result = try digest(
            ["send", draft, "--via", "ses://us-east-1", "--yes", "--connections", "3"], in: checkout.root,
            environment: environment(emulator))
        #expect(result.status == 0, "\(result.output)\(result.errors)")
        #expect(
            result.output.contains("to ses://us-east-1 at \(emulator.endpoint): 5 accepted, 0 refused, 0 deferred, 0 uncertain"),
            "\(result.output)")
        #expect(result.errors.contains("did not answer GetAccount (HTTP 404"), "\(result.errors)")
        let arrived = try emulator.messages()
        #expect(arrived.allSatisfy { $0.addresses.count == 1 }, "\(arrived.map(\.destinations))")
        #expect(Set(arrived.compactMap(\.destinations.first)) == Set((0..<5).map { "reader\($0)@example.org" }))
        #expect(try emailDefects(arrived.map(\.raw)).filter { !$0.isEmpty } == [])
        #expect(emulator.mismatches == [])
        let journal = try String(contentsOf: checkout.url(".digest/journal/vol-2.6.journal"), encoding: .utf8)
        let accepted = journal.split(separator: "\n").filter { $0.hasPrefix("accepted\t") }
        #expect(accepted.count == 5 && accepted.allSatisfy { $0.contains("SES MessageId ") }, "\(accepted)")
        // The credentials never reach the output or the journal.
        #expect(!(result.output + result.errors + journal).contains(emulator.secretKey))
        let again = try digest(["send", draft, "--via", "ses://us-east-1", "--yes"], in: checkout.root, environment: environment(emulator))
        #expect(again.status == 0 && again.output.contains("nothing left to send"), "\(again.output)")
        #expect(try emulator.messages().count == 5)
        // One journal for SMTP and SES: switching a mail route never mails a reader twice.
        let status = try digest(["send", "--status", draft, "--via", "smtp://127.0.0.1:1"], in: checkout.root)
        #expect(status.output.contains("journal: .digest/journal/vol-2.6.journal (SMTP and SES)\n"), "\(status.output)")
        #expect(status.output.split(separator: "\n").contains { $0.hasPrefix("sent") && $0.hasSuffix(" 5") }, "\(status.output)")
    }

    @Test("throttling is waited out, a refused address and a lost answer are reported by name; the next run sends neither again")
    func faults() throws {
        let (checkout, draft) = try sendCheckout(subscribers: 6)
        let emulator = try SESEmulator(verify: [Self.sender], faults: ["drop-after-send@2", "reject-recipient@3", "throttle@4"])
        let arguments = ["send", draft, "--via", "ses://us-east-1", "--yes", "--connections", "1"]
        let result = try digest(arguments, in: checkout.root, environment: environment(emulator))
        #expect(result.status == 1)
        #expect(result.output.contains(": 4 accepted, 1 refused, 0 deferred, 1 uncertain"), "\(result.output)")
        // Readers are made on more than one thread, so the emulator's log says which reader
        // each fault hit: the answer to SendEmail 2 lost, 3 refused, 4 throttled and sent on
        // its next try, whenever that comes.
        let hit = Dictionary(
            emulator.log().map { $0.split(separator: " ").map(String.init) }.filter { $0.count == 4 && $0[0] == "fault" }.map {
                ($0[1], $0[3])
            },
            uniquingKeysWith: { first, _ in first })
        let lost = try #require(hit["drop-after-send"]), refused = try #require(hit["reject-recipient"])
        #expect(result.output.contains("  \(refused)  HTTP 400 BadRequestException: Illegal address"), "\(result.output)")
        #expect(
            result.output.contains("  \(lost)  the connection to ses://us-east-1 at \(emulator.endpoint) closed"),
            "\(result.output)")
        let again = try digest(arguments, in: checkout.root, environment: environment(emulator))
        #expect(again.output.contains("nothing left to send"), "\(again.output)")
        let arrived = try emulator.messages().compactMap(\.destinations.first)
        // Everyone but the refused reader, once each: the lost answer's message did arrive.
        #expect(arrived.sorted() == (0..<6).map { "reader\($0)@example.org" }.filter { $0 != refused }, "\(arrived)")
        #expect(emulator.mismatches == [])
    }

    @Test("a send past the account's 24-hour quota is refused up front with the numbers; nothing is sent or marked")
    func quota() throws {
        let (checkout, draft) = try sendCheckout(subscribers: 6)
        let emulator = try SESEmulator(
            verify: [Self.sender], account: #"{"Max24HourSend": 200, "MaxSendRate": 14, "SentLast24Hours": 197}"#)
        let result = try digest(
            ["send", draft, "--via", "ses://us-east-1", "--yes"], in: checkout.root, environment: environment(emulator))
        #expect(result.status == 1)
        #expect(
            result.errors.contains(
                "this send needs 6 messages but ses://us-east-1 at \(emulator.endpoint) allows 3 more in the next 24 hours (197 sent of 200); send when the quota allows, or ask AWS to raise it; nothing was sent"
            ),
            "\(result.errors)")
        #expect(try emulator.messages().isEmpty)
        #expect(emulator.log().filter { $0.contains("POST /v2/email/outbound-emails") }.isEmpty)
        let status = try digest(["send", "--status", draft, "--via", "ses://us-east-1"], in: checkout.root)
        #expect(status.output.split(separator: "\n").contains { $0.hasPrefix("remaining") && $0.hasSuffix(" 6") }, "\(status.output)")
    }

    @Test("no credentials, or an endpoint in plain http:// off this machine: usage errors naming what to set")
    func setup() throws {
        let (checkout, draft) = try sendCheckout(subscribers: 2)
        let home = checkout.root.appendingPathComponent("home")
        let missing = try digest(
            ["send", draft, "--via", "ses://us-east-1", "--yes"], in: checkout.root,
            environment: secret.merging(["HOME": home.path, "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""]) { $1 })
        #expect(missing.status == 2)
        #expect(missing.errors.contains("no AWS credentials for Amazon SES"), "\(missing.errors)")
        #expect(missing.errors.contains("set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"))
        let plain = try digest(
            ["send", draft, "--via", "ses://us-east-1", "--yes"], in: checkout.root,
            environment: secret.merging(["DIGEST_SES_ENDPOINT": "http://ses.example.org"]) { $1 })
        #expect(plain.status == 2 && plain.errors.contains("DIGEST_SES_ENDPOINT uses plain http:// to ses.example.org"), "\(plain.errors)")
        let region = try digest(["send", draft, "--via", "ses://email.us-east-1.amazonaws.com/"], in: checkout.root)
        #expect(region.status == 2 && region.errors.contains("which is not an AWS region"), "\(region.errors)")
    }

    @Test("an unverified sender stops the send with SES's words; nobody is marked failed and a later send goes through")
    func unverifiedSender() throws {
        let (checkout, draft) = try sendCheckout(subscribers: 4)
        let unverified = try SESEmulator(verify: ["someone.else@example.org"])
        let result = try digest(
            ["send", draft, "--via", "ses://us-east-1", "--yes", "--connections", "1"], in: checkout.root,
            environment: environment(unverified))
        #expect(result.status == 1)
        #expect(
            result.errors.contains("digest: the send stopped: ses://us-east-1 at \(unverified.endpoint) refuses the message or the sender"),
            "\(result.errors)")
        #expect(result.errors.contains("nobody was marked failed for it"))
        #expect(try unverified.messages().isEmpty)
        let verified = try SESEmulator(verify: [Self.sender])
        let resumed = try digest(
            ["send", draft, "--via", "ses://us-east-1", "--yes"], in: checkout.root, environment: environment(verified))
        #expect(resumed.status == 0 && resumed.output.contains("4 accepted"), "\(resumed.output)\(resumed.errors)")
    }

    @Test(
        "killed with SIGKILL at random moments and resumed, an SES send mails every reader exactly once except the few reported uncertain")
    func survivesKills() throws {
        let readerCount = 300
        let (checkout, draft) = try sendCheckout(subscribers: readerCount)
        let emulator = try SESEmulator(verify: [Self.sender])
        let arguments = [digestExecutable, "send", draft, "--via", "ses://us-east-1", "--yes", "--connections", "2"]
        let variables = ProcessInfo.processInfo.environment.merging(environment(emulator)) { $1 }
        var generator = SplitMix64.forTest(seed: 0x5E5_C0DE)
        var kills = 0
        var finished = false
        for _ in 0..<60 where !finished {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: arguments[0])
            process.arguments = Array(arguments.dropFirst())
            process.currentDirectoryURL = checkout.root
            process.environment = variables
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            let requestsBefore = emulator.log().filter { $0.hasPrefix("request ") }.count
            try process.run()
            // Killed just after the proxy sees this run's Nth request (GetAccount is its first),
            // so that each kill lands mid-send, whatever the machine's speed; a run that ends
            // first is simply not killed.
            let killAfter = Int.random(in: 2...10, using: &generator)
            _ = emulator.waitForEvent("request \(requestsBefore + killAfter) ", timeout: 10)
            usleep(UInt32.random(in: 0...20_000, using: &generator))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
            }
            process.waitUntilExit()
            finished = process.terminationReason == .exit
        }
        let settling = try run(arguments, in: checkout.root, environment: environment(emulator))
        #expect(kills >= 5, "the send finished too fast to be killed often: \(kills) kills")

        let verdict = try CrashVerdict(journal: checkout.url(".digest/journal/vol-2.6.journal"))
        let uncertain = verdict.uncertain
        #expect(settling.status == (uncertain.isEmpty ? 0 : 1), "\(settling.output)\(settling.errors)")
        var copies: [String: Int] = [:]
        let arrived = try emulator.messages()
        for message in arrived {
            #expect(message.addresses.count == 1, "\(message.destinations)")
            copies[message.destinations[0], default: 0] += 1
        }
        verdict.expectEveryReaderOnce(copies: copies, readerCount: readerCount, kills: kills)
        #expect(emulator.mismatches == [])
        print("SES crash test: \(kills) kills, \(arrived.count) messages at moto for \(readerCount) readers, \(uncertain.count) uncertain")
    }
}

extension SESEmulator.Message {
    /// The addresses moto counted, without names: the request's Destination, then the To
    /// header's (`Reader 0 <reader0@example.org>`) again.
    var addresses: Set<String> {
        Set(
            destinations.map { entry in
                guard let open = entry.lastIndex(of: "<"), entry.hasSuffix(">") else { return entry }
                return String(entry[entry.index(after: open)..<entry.index(before: entry.endIndex)])
            })
    }
}
