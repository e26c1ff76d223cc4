import ArgumentParser
import DigestArchive
import DigestCore
import DigestMail
import DigestRender
import DigestSend
import Foundation

extension DigestCommand {
    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "send",
            abstract: "Mail an issue to every subscriber, or a test copy to yourself.",
            discussion: """
                Without an SMTP server (--smtp, DIGEST_SMTP_URL or send.smtp in digest.yaml) the \
                messages go to the Maildir outbox (folders.outbox). Every message is journaled: a send \
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

        @Option(help: ArgumentHelp("The SMTP server: smtp://host:587 (STARTTLS) or smtps://host:465.", valueName: "URL"))
        var smtp: String?

        @Option(help: ArgumentHelp("The subscriber list (default: Subscribers/subscribers.csv).", valueName: "FILE"))
        var subscribers: String?

        @Flag(help: "Build and check every message; send nothing.")
        var dryRun = false

        @Option(help: ArgumentHelp("Parallel SMTP connections (default: send.connections, 2).", valueName: "K"))
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

        func validate() throws {
            if let connections, !(1...32).contains(connections) { throw ValidationError("--connections must be from 1 to 32") }
            if let rate, !(rate > 0) { throw ValidationError("--rate must be a number of messages per second above 0") }
            if status && (dryRun || !testAddresses.isEmpty) { throw ValidationError("--status goes alone") }
            if retryRefused && !testAddresses.isEmpty {
                throw ValidationError("--retry-refused goes with a send to the subscribers, not --to")
            }
            if let smtp, let problem = SMTPURL.problem(with: smtp) { throw ValidationError("--smtp \(problem)") }
            for address in testAddresses {
                if let problem = Subscriber.problem(address: address, name: "") { throw ValidationError("--to: \(problem)") }
            }
        }

        func run() async throws {
            // The lint check runs in a child process from the start, while the issue is
            // rendered and libcurl opened; its answer is read before the journal is touched.
            let lint = status ? nil : try SendLintCheck(path: path)
            let repository = try Repository.forCommand()
            let settings = repository.settings
            let environment = ProcessInfo.processInfo.environment
            let (renderer, issue) = try IssueRendering.load(path, repository: repository)
            let server = try smtpServer(settings: settings, environment: environment)
            let issueKey = MessageFactory.issueKey(for: issue, fileName: path)
            let history = SendHistory(
                root: repository.root, settings: settings, issueKey: issueKey, toOutbox: server == nil, displayPath: { displayPath(of: $0) }
            )
            let list = try subscriberStream(repository)

            if status {
                let other = SendHistory(
                    root: repository.root, settings: settings, issueKey: issueKey, toOutbox: server != nil,
                    displayPath: { displayPath(of: $0) })
                let key = environment[UnsubscribeKey.environmentVariable].flatMap { try? UnsubscribeKey(secret: $0) }
                let report = try StatusReport(routes: [history, other], key: key, list: list)
                print(report.text, terminator: "")
                if report.needsAttention { throw CommandFailure.findings }
                return
            }

            let testing = !testAddresses.isEmpty
            let key = try unsubscribeKey(environment: environment, realSend: server != nil && !testing && !dryRun)
            let factory = MessageFactory(
                issue: issue, renderer: renderer, issueKey: testing ? "\(issueKey).test-\(Int(Date().timeIntervalSince1970))" : issueKey,
                date: Date(), key: key, signer: try dkimSigner(settings: settings, environment: environment))
            let transport: Transport
            let destination: String
            let checker = CheckingTransport()
            if dryRun {
                transport = checker
                destination = "nowhere (dry run)"
            } else if let server {
                transport = SMTPTransport(
                    server: server, sender: settings.sender.address, connections: connections ?? settings.delivery.connections,
                    rate: rate ?? settings.delivery.rate)
                destination = server.displayName
                try SMTPTransport.load()
            } else {
                let outbox = repository.root.appendingPathComponent(settings.folders.outbox)
                transport = MaildirOutbox(folder: outbox)
                destination = "the outbox \(displayPath(of: outbox))/"
            }

            let lintGate = try lint.map { try checkLint($0, toSubscribers: !testing && !dryRun) }
            try checkSize(factory, limit: settings.delivery.maxMessageSize)

            let readers: () throws -> Subscriber?
            let record: SendRecord
            var journal: SendJournal?
            var expected = testAddresses.count
            if testing {
                var copies = testAddresses.map { Subscriber(address: $0) }.makeIterator()
                readers = { copies.next() }
                record = SendRecord()
            } else {
                guard let list else {
                    throw CommandFailure.usage("there are no subscribers yet; add one with `digest subscribers add ADDRESS`")
                }
                // A dry run builds every subscribed reader's message, whatever the journal says.
                (journal, record) = dryRun ? (nil, SendRecord()) : try openJournal(history, key: key, factory: factory)
                // One pass to check the whole list and count, before anything is sent; a second sends.
                var plan = SendStatus(record: record)
                try count(list, into: &plan)
                guard list.problems.isEmpty else {
                    throw CommandFailure(
                        message: list.problems.map(\.description).joined(separator: "\n")
                            + "\nmend the list before sending (`digest subscribers check`); nothing was sent",
                        code: 1, isDiagnostic: true)
                }
                guard plan.subscribed > 0 else {
                    throw CommandFailure.usage("nobody on the list is subscribed; add a reader with `digest subscribers add ADDRESS`")
                }
                try list.rewind()
                readers = { try list.next() }
                expected = plan.toSend(resendingUncertain: resendUncertain, retryingRefused: retryRefused)
                try confirm(
                    plan, subject: factory.subject, destination: destination, mailsReaders: server != nil && !dryRun,
                    note: lintGate?.remainingNote)
            }

            let progress = ProgressLine(enabled: isatty(STDERR_FILENO) == 1, total: expected)
            let job = SendJob(
                subscribers: readers, record: record, journal: journal, factory: factory, resendUncertain: resendUncertain,
                retryRefused: retryRefused
            ) {
                progress.update($0)
            }
            let stop = StopSignal()
            let interrupt = Interrupt(stop: stop, job: job, wait: transport.stopWait, path: path) { progress.clear() }
            let started = Date()
            var failure: Error?
            do {
                try transport.deliver(from: job, stop: stop)
            } catch {
                failure = error
            }
            do {
                try job.close()
            } catch {
                failure = failure ?? error
            }
            interrupt.cancel()
            progress.clear()

            // The second pass reads what the first checked; a row changed in place since
            // then is reported, and its reader left for the next send.
            if let list, !testing, !list.problems.isEmpty {
                FileHandle.standardError.write(
                    Data(
                        (list.problems.map(\.description) + ["the list changed during the send; these rows were not mailed"]).joined(
                            separator: "\n"
                        ).utf8 + [10]))
                failure = failure ?? DeliveryFailure("the subscriber list changed during the send; mend it and run the same command again")
            }
            let report = SendReport(
                counts: job.counts, notable: job.notable, seconds: Date().timeIntervalSince(started), destination: destination,
                subject: factory.subject, dryRun: dryRun, testing: testing, interrupted: stop.isRequested, path: path,
                largest: checker.tally.largest, stoppedBy: interrupt.stoppedBy ?? "Ctrl-C")
            print(report.text, terminator: "")
            if journal != nil, !history.toOutbox {
                do {
                    try history.writeSummary(key: key, title: factory.subject)
                } catch {
                    FileHandle.standardError.write(Data("digest: \(error.description)\n".utf8))
                }
            }
            if key.isThrowaway && !dryRun {
                FileHandle.standardError.write(
                    Data("note: \(UnsubscribeKey.environmentVariable) is not set; these copies' unsubscribe links are placeholders\n".utf8))
            }
            if let failure {
                let message = (failure as? DeliveryFailure)?.message ?? String(describing: failure)
                throw CommandFailure(
                    message:
                        "digest: the send stopped: \(message)\nnobody was marked failed for it; run the same command again once it is mended",
                    code: 1, isDiagnostic: true)
            }
            if !report.isComplete { throw CommandFailure.findings }
        }

        /// The SMTP server to use, or `nil` for the outbox.
        func smtpServer(settings: Settings, environment: [String: String]) throws -> SMTPServer? {
            let fromEnvironment = environment["DIGEST_SMTP_URL"].flatMap { $0.isEmpty ? nil : $0 }
            guard let url = smtp ?? fromEnvironment ?? settings.delivery.smtp else { return nil }
            if let problem = SMTPURL.problem(with: url) {
                throw CommandFailure.usage(
                    "\(smtp != nil ? "--smtp" : fromEnvironment != nil ? "DIGEST_SMTP_URL" : "send.smtp") \(problem)")
            }
            return SMTPServer(url: url, allowPlaintext: allowPlaintext, environment: environment)
        }

        /// The subscriber list, opened for reading a row at a time; `nil` when there is none.
        func subscriberStream(_ repository: Repository) throws -> SubscriberList.Stream? {
            let url = subscribers.map { URL(fileURLWithPath: $0) } ?? repository.root.appendingPathComponent("Subscribers/subscribers.csv")
            guard FileManager.default.fileExists(atPath: url.path) else {
                if subscribers != nil { throw CommandFailure.usage("\(displayPath(of: url)): there is no such file") }
                return nil
            }
            do {
                return try SubscriberList.Stream(url: url, path: displayPath(of: url))
            } catch {
                throw CommandFailure.usage("\(displayPath(of: url)): cannot read the subscriber list (\(error.localizedDescription))")
            }
        }

        func count(_ list: SubscriberList.Stream, into status: inout SendStatus) throws {
            do {
                while let subscriber = try list.next() { status.count(subscriber) }
            } catch {
                throw CommandFailure.usage("cannot read the subscriber list (\(error.localizedDescription))")
            }
        }

        /// The issue's journal, held for this send, with what its records say; refuses a
        /// damaged record or another text than the one already sent (unless accepted).
        func openJournal(_ history: SendHistory, key: UnsubscribeKey, factory: MessageFactory) throws -> (SendJournal?, SendRecord) {
            do {
                return try history.open(
                    key: key, fingerprint: factory.fingerprint, title: factory.subject, acceptChangedIssue: acceptChangedIssue)
            } catch {
                if case .changedIssue = error { throw CommandFailure(message: "\(path): \(error.description)", code: 1) }
                throw CommandFailure(message: error.description, code: 2, isDiagnostic: error.isDamage)
            }
        }

        /// Refuses an issue with lint errors, or with placeholders when it goes to the
        /// subscribers, and states on stderr the findings that remain.
        func checkLint(_ lint: SendLintCheck, toSubscribers: Bool) throws -> SendLintGate {
            let gate = SendLintGate(findings: try lint.findings(), toSubscribers: toSubscribers)
            if let refusal = gate.refusal(path: path) { throw CommandFailure(message: refusal, code: 1, isDiagnostic: true) }
            FileHandle.standardError.write(Data(gate.statement(path: path).utf8))
            return gate
        }

        /// Refuses a message over `send.max-message-size`, and warns once of HTML that Gmail
        /// would cut off, before anything is confirmed or sent.
        func checkSize(_ factory: MessageFactory, limit: Int) throws {
            let check: MessageSizeCheck
            do {
                check = try MessageSizeCheck(factory: factory, limit: limit)
            } catch {
                throw CommandFailure(message: "cannot make the message: \(error.description); nothing was sent", code: 1)
            }
            if let refusal = check.refusal { throw CommandFailure(message: refusal, code: 1) }
            if let warning = check.warning { FileHandle.standardError.write(Data("\(path): \(warning)\n".utf8)) }
        }

        func unsubscribeKey(environment: [String: String], realSend: Bool) throws -> UnsubscribeKey {
            guard let secret = environment[UnsubscribeKey.environmentVariable], !secret.isEmpty else {
                if realSend {
                    throw CommandFailure.usage(
                        "set \(UnsubscribeKey.environmentVariable) before mailing subscribers: it keys their unsubscribe links and must stay the same from send to send (make one with `openssl rand -hex 32`)"
                    )
                }
                return .throwaway()
            }
            do {
                return try UnsubscribeKey(secret: secret)
            } catch {
                throw CommandFailure.usage(error.description)
            }
        }

        /// Asks on a terminal before mailing readers; refuses without a terminal unless --yes.
        func confirm(_ plan: SendStatus, subject: String, destination: String, mailsReaders: Bool, note: String? = nil) throws {
            let count = plan.toSend(resendingUncertain: resendUncertain, retryingRefused: retryRefused)
            guard mailsReaders, !yes, count > 0 else { return }
            guard isatty(STDIN_FILENO) == 1 else {
                throw CommandFailure.usage(
                    "this would mail \(count.grouped) reader\(count == 1 ? "" : "s"); pass --yes to send without a terminal to confirm on"
                )
            }
            var question = "Send “\(subject)” to \(count) reader\(count == 1 ? "" : "s") through \(destination)?"
            if plan.sent + plan.failed + plan.uncertain > 0 {
                question += " (already sent \(plan.sent), failed \(plan.failed), uncertain \(plan.uncertain))"
            }
            if let note { question += " (\(note))" }
            FileHandle.standardError.write(Data("\(question) [y/N] ".utf8))
            let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            guard answer == "y" || answer == "yes" else { throw CommandFailure(message: "nothing was sent", code: 1) }
        }
    }
}
