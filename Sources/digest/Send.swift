import ArgumentParser
import DigestArchive
import DigestCore
import DigestLint
import DigestMail
import DigestRender
import DigestSend
import Foundation

extension DigestCommand {
    struct Send: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "send",
            abstract: "Mail an issue to every subscriber, or a test copy to yourself.",
            discussion: """
                --via names where the messages go: smtp://host:587 (STARTTLS), smtps://host:465, \
                ses://REGION (Amazon SES; AWS credentials from the environment or ~/.aws/credentials), or \
                maildir:PATH (a Maildir folder, from the repository's folder when relative). Without it, \
                DIGEST_SEND_VIA, then send.via in digest.yaml; with none of them, the Maildir outbox \
                (folders.outbox). --smtp, DIGEST_SMTP_URL and send.smtp are older names for the same. Every message is journaled: a send \
                that is stopped or killed is finished by running the same command again, and nobody is \
                mailed twice. Exit 0 when every reader is settled, 1 when some are refused, deferred or \
                uncertain, or the issue has lint errors (or placeholders, sending to the subscribers), 2 on \
                a usage, settings or I/O error.
                """
        )

        @Argument(help: "The issue file to send.")
        var path: String

        @Option(
            name: .customLong("to"),
            help: ArgumentHelp("Send a test copy to this address instead (repeatable); the journal is left alone.", valueName: "ADDRESS"))
        var testAddresses: [String] = []

        @Option(
            help: ArgumentHelp(
                "Where the messages go: smtp://host:587 (STARTTLS), smtps://host:465, ses://REGION or maildir:PATH (default: send.via, the outbox).",
                valueName: "URL"))
        var via: String?

        @Option(help: ArgumentHelp("The SMTP server: smtp://host:587 (STARTTLS) or smtps://host:465; the same as --via.", valueName: "URL"))
        var smtp: String?

        @Option(help: ArgumentHelp("The subscriber list (default: Subscribers/subscribers.csv).", valueName: "FILE"))
        var subscribers: String?

        @Flag(help: "Build and check every message; send nothing.")
        var dryRun = false

        @Option(help: ArgumentHelp("Parallel connections or requests in flight (default: send.connections, 2).", valueName: "K"))
        var connections: Int?

        @Option(help: ArgumentHelp("Messages per second at most (default: send.rate, no limit).", valueName: "N"))
        var rate: Double?

        @Flag(help: "Send without asking for confirmation.")
        var yes = false

        @Flag(help: "Send again to the readers whose message was in flight when an earlier send stopped.")
        var resendUncertain = false

        @Flag(help: "Send again to the readers the server refused in earlier runs (once their address is mended).")
        var retryRefused = false

        @Flag(
            help:
                "Show how far the issue's send is (sent, failed, uncertain, remaining), naming the readers that need a decision; exit 1 while any do."
        )
        var status = false

        @Flag(
            help: "Resume a send whose issue was edited since readers were sent it: the rest get the edited text, and the journal says so.")
        var acceptChangedIssue = false

        @Flag(help: "Send without TLS to a server that is not this machine (only on a network you trust).")
        var allowPlaintext = false

        var options: Options {
            Options(
                path: path, testAddresses: testAddresses, via: via, smtp: smtp, subscribers: subscribers, dryRun: dryRun,
                connections: connections, rate: rate, yes: yes, resendUncertain: resendUncertain, retryRefused: retryRefused,
                status: status, acceptChangedIssue: acceptChangedIssue, allowPlaintext: allowPlaintext)
        }

        func validate() throws {
            if let problem = options.problem { throw ValidationError(problem) }
        }

        func run() throws {
            try options.run()
        }
    }
}

extension DigestCommand.Send.Options {
    func run() throws {
        do {
            try send()
        } catch let failure as SendFailure {
            throw CommandFailure(message: failure.message, code: failure.code, isDiagnostic: failure.isDiagnostic)
        }
    }

    func send() throws {
        IssueSend.shareOneMallocArena()
        // The lint check runs in a child process from the start, while the issue is
        // rendered and libcurl opened; its answer is read before the journal is touched.
        let lint = status ? nil : try SendLintCheck(path: path)
        // The settings from the cache the lint check keeps: the YAML is parsed only when it changed.
        let repository = try Repository.forCommand(settingsCache: LintCaches.settingsCache(for:))
        let environment = ProcessInfo.processInfo.environment
        let (renderer, issue) = try IssueRendering.load(path, repository: repository, editions: [.text, .html])
        let route = try RouteChoice.choose(
            via: via, smtp: smtp, allowPlaintext: allowPlaintext, environment: environment, settings: repository.settings,
            root: repository.root, displayPath: { displayPath(of: $0) })
        var request = SendRequest(path: path)
        request.testAddresses = testAddresses
        request.subscribers = subscribers.map { URL(fileURLWithPath: $0) }
        request.dryRun = dryRun
        request.connections = connections
        request.rate = rate
        request.yes = yes
        request.resendUncertain = resendUncertain
        request.retryRefused = retryRefused
        request.acceptChangedIssue = acceptChangedIssue
        let send = IssueSend(
            request: request, route: route, root: repository.root, settings: repository.settings, environment: environment,
            issue: issue, renderer: renderer, displayPath: { displayPath(of: $0) })

        if status {
            let report = try send.status()
            print(report.text, terminator: "")
            if report.needsAttention { throw CommandFailure.findings }
            return
        }

        let outcome = try send.run(lint: lint.map { lint in { try lint.findings() } }, console: TerminalSendConsole(path: path))
        print(outcome.report.text, terminator: "")
        for note in outcome.notes { FileHandle.standardError.write(Data("\(note)\n".utf8)) }
        if let failure = outcome.failure { throw failure }
        if !outcome.report.isComplete { throw CommandFailure.findings }
    }
}
