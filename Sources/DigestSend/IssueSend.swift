import DigestCore
import DigestJournal
import DigestMail
import DigestRender
import Foundation

/// One `digest send` of one issue, from the route to the report: reads and checks the list
/// and weighs the message while the lint check runs, states the findings, opens the
/// journal, asks before mailing readers, runs the job through the route's transport and
/// writes the committed summary.
/// The command parses, makes one, and prints what it returns; the terminal is a
/// ``SendConsole`` it passes in.
public final class IssueSend {
    public let request: SendRequest
    public let route: any SendRoute
    let root: URL
    let settings: Settings
    let environment: [String: String]
    let issue: Issue
    let renderer: Renderer
    let shown: @Sendable (URL) -> String
    /// The issue's name in the journal: `vol-2.6`.
    public let issueKey: String
    /// The issue's records through this send's route.
    public let history: SendHistory

    /// - Parameters:
    ///   - root: the repository's folder.
    ///   - environment: for the unsubscribe secret.
    ///   - displayPath: a file's path as the editor should see it.
    public init(
        request: SendRequest, route: any SendRoute, root: URL, settings: Settings, environment: [String: String], issue: Issue,
        renderer: Renderer, displayPath: @escaping @Sendable (URL) -> String
    ) {
        self.request = request
        self.route = route
        self.root = root
        self.settings = settings
        self.environment = environment
        self.issue = issue
        self.renderer = renderer
        shown = displayPath
        issueKey = MessageFactory.issueKey(for: issue, fileName: request.path)
        history = route.history(root: root, issueKey: issueKey, displayPath: displayPath)
    }

    /// Has every thread of this process allocate from one malloc arena (``FreedMemory``).
    /// To be called first, before anything starts a thread: arenas made before it stay, and
    /// the send's threads are handed out among them.
    public static func shareOneMallocArena() {
        FreedMemory.shareOneArena()
    }

    /// `--status`: every route the issue went through, this one first, held against the list.
    public func status() throws -> StatusReport {
        let list = try subscriberStream()
        // The other kind of route: a mail server's records beside the outbox's, or the reverse.
        let other = SendHistory(
            root: root, outbox: route.outbox == nil ? root.appendingPathComponent(settings.folders.outbox) : nil, issueKey: issueKey,
            displayPath: shown)
        let key = environment[UnsubscribeKey.environmentVariable].flatMap { try? UnsubscribeKey(secret: $0) }
        return try StatusReport(routes: [history, other], key: key, list: list)
    }

    /// The DKIM signer for this send, or `nil` when no key is configured; a key that
    /// cannot be used stops the send before anything is written or mailed.
    func dkimSigner(console: SendConsole) throws(SendFailure) -> DKIMSigner? {
        do {
            return try DKIMKeyFile.signer(settings: settings, environment: environment) { warning in
                console.warn("digest: warning: \(warning)\n")
            }
        } catch {
            throw .usage(error.description)
        }
    }

    /// Sends the issue.
    /// - Parameters:
    ///   - lint: the issue's lint findings, waited for before the journal is touched; `nil`
    ///     to send without the check.
    ///   - console: the terminal: warnings, the question, progress and signals.
    /// - Throws: ``SendFailure`` when the send cannot start (nothing was sent); errors from
    ///   `lint` as they are.
    public func run(lint: (() throws -> [SendLintGate.Finding])?, console: SendConsole) throws -> SendOutcome {
        let list = try subscriberStream()
        let testing = request.testing
        let dryRun = request.dryRun
        let key = try unsubscribeKey(realSend: route.mailsReaders && !testing && !dryRun)
        let factory = MessageFactory(
            issue: issue, renderer: renderer,
            issueKey: testing ? "\(issueKey).test-\(Int(Date().timeIntervalSince1970))" : issueKey, date: Date(), key: key,
            signer: try dkimSigner(console: console)?.leavingOut(route.headersLeftUnsigned),
            image: issue.leadImage?.header(besideIssueAt: URL(fileURLWithPath: request.path)))
        let transport: any Transport
        let destination: String
        let checker = CheckingTransport()
        if dryRun {
            transport = checker
            destination = "nowhere (dry run)"
        } else {
            transport = try route.transport(
                sender: settings.sender.address, connections: request.connections ?? settings.delivery.connections,
                rate: request.rate ?? settings.delivery.rate)
            destination = route.destination
        }

        // Before the lint check's answer is waited for, what reads only the list and the
        // issue, while the check runs: the list checked and counted (a first send's count needs
        // no journal) and the message weighed. What they find is said after the findings.
        let listed = Result { () throws(SendFailure) -> SendStatus? in
            guard !testing, let list else { return nil }
            var plan = SendStatus(replay: JournalReplay())
            try count(list, into: &plan)
            return plan
        }
        let size = Result { () throws(SendFailure) in try weigh(factory) }
        let lintGate = try lint.map { try checkLint($0(), toSubscribers: !testing && !dryRun, console: console) }
        try report(size.get(), console: console)

        let readers: () throws -> Subscriber?
        let replay: JournalReplay
        var journal: SendJournal?
        var expected = request.testAddresses.count
        if testing {
            var copies = request.testAddresses.map { Subscriber(address: $0) }.makeIterator()
            readers = { copies.next() }
            replay = JournalReplay()
            try prepare(transport, messages: expected, console: console)
        } else {
            guard let list, var plan = try listed.get() else {
                throw SendFailure.usage("there are no subscribers yet; add one with `digest subscribers add ADDRESS`")
            }
            // One pass checked the whole list and counted it, before anything is touched; a
            // second sends.
            try refuseProblems(in: list)
            guard plan.subscribed > 0 else {
                throw SendFailure.usage("nobody on the list is subscribed; add a reader with `digest subscribers add ADDRESS`")
            }
            // A dry run builds every subscribed reader's message, whatever the journal says.
            (journal, replay) = dryRun ? (nil, JournalReplay()) : try openJournal(key: key, factory: factory)
            if !replay.namesNobody {
                // A send that goes on from an earlier one: each reader's standing, counted again.
                try list.rewind()
                plan = SendStatus(replay: replay)
                try count(list, into: &plan)
                try refuseProblems(in: list)
            }
            try list.rewind()
            readers = { try list.next() }
            expected = plan.toSend(resendingUncertain: request.resendUncertain, retryingRefused: request.retryRefused)
            try prepare(transport, messages: expected, console: console)
            try confirm(
                plan, subject: factory.subject, destination: destination, mailsReaders: route.mailsReaders && !dryRun,
                note: lintGate?.remainingNote, console: console)
        }

        let job = SendJob(
            subscribers: readers, replay: replay, journal: journal, factory: factory, resendUncertain: request.resendUncertain,
            retryRefused: request.retryRefused, expected: expected
        ) {
            console.progress($0)
        }
        let stop = StopSignal()
        console.starting(job, stop: stop, stopWait: transport.stopWait, total: expected)
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
        let stoppedBy = console.finished()

        // The second pass reads what the first checked; a row changed in place since
        // then is reported, and its reader left for the next send.
        if let list, !testing, !list.problems.isEmpty {
            console.warn(
                (list.problems.map(\.description) + ["the list changed during the send; these rows were not mailed"]).joined(
                    separator: "\n") + "\n")
            failure = failure ?? DeliveryFailure("the subscriber list changed during the send; mend it and run the same command again")
        }
        var report = SendReport(
            counts: job.counts, notable: job.notable, seconds: Date().timeIntervalSince(started), destination: destination,
            subject: factory.subject, dryRun: dryRun, testing: testing, interrupted: stop.isRequested, path: request.path,
            largest: checker.tally.largest, stoppedBy: stoppedBy ?? "Ctrl-C")
        report.failed = failure != nil
        var notes: [String] = []
        if journal != nil, !history.toOutbox {
            // The messages are gone: their pages go back before the summary is built.
            FreedMemory.release()
            do {
                try history.writeSummary(key: key, title: factory.subject, journal: job.journalAfterRun())
            } catch {
                notes.append("digest: \(error.description)")
            }
        }
        if key.isThrowaway && !dryRun {
            notes.append("note: \(UnsubscribeKey.environmentVariable) is not set; these copies' unsubscribe links are placeholders")
        }
        let stopped = failure.map { failure in
            let message = (failure as? DeliveryFailure)?.message ?? String(describing: failure)
            return SendFailure(
                message:
                    "digest: the send stopped: \(message)\nnobody was marked failed for it; run the same command again once it is mended",
                code: 1, isDiagnostic: true)
        }
        return SendOutcome(report: report, notes: notes, failure: stopped)
    }

    /// Lets the route check, before anyone is asked or mailed, that it can take `messages`
    /// (a provider's quota), and shows its note.
    func prepare(_ transport: any Transport, messages: Int, console: SendConsole) throws(SendFailure) {
        guard messages > 0 else { return }
        do {
            if let note = try transport.prepare(messages: messages) { console.warn(note + "\n") }
        } catch {
            let message = (error as? DeliveryFailure)?.message ?? String(describing: error)
            throw SendFailure(message: "\(message); nothing was sent", code: 1)
        }
    }

    /// The subscriber list, opened for reading a row at a time; `nil` when there is none.
    func subscriberStream() throws(SendFailure) -> SubscriberList.Stream? {
        let url = request.subscribers ?? root.appendingPathComponent("Subscribers/subscribers.csv")
        guard FileManager.default.fileExists(atPath: url.path) else {
            if request.subscribers != nil { throw .usage("\(shown(url)): there is no such file") }
            return nil
        }
        do {
            return try SubscriberList.Stream(url: url, path: shown(url))
        } catch {
            throw .usage("\(shown(url)): cannot read the subscriber list (\(error.localizedDescription))")
        }
    }

    func count(_ list: SubscriberList.Stream, into status: inout SendStatus) throws(SendFailure) {
        do {
            while let subscriber = try list.next() { status.count(subscriber) }
        } catch {
            throw .usage("cannot read the subscriber list (\(error.localizedDescription))")
        }
    }

    /// The issue's journal, held for this send, with what its records say; refuses a
    /// damaged record or another text than the one already sent (unless accepted).
    func openJournal(key: UnsubscribeKey, factory: MessageFactory) throws(SendFailure) -> (SendJournal?, JournalReplay) {
        do {
            return try history.open(
                key: key, fingerprint: factory.fingerprint, title: factory.subject, acceptChangedIssue: request.acceptChangedIssue)
        } catch {
            if case .changedIssue = error { throw SendFailure(message: "\(request.path): \(error.description)", code: 1) }
            throw SendFailure(message: error.description, code: 2, isDiagnostic: error.isDamage)
        }
    }

    /// Refuses an issue with lint errors, or with placeholders when it goes to the
    /// subscribers, and states the findings that remain.
    func checkLint(_ findings: [SendLintGate.Finding], toSubscribers: Bool, console: SendConsole) throws(SendFailure) -> SendLintGate {
        let gate = SendLintGate(findings: findings, toSubscribers: toSubscribers)
        if let refusal = gate.refusal(path: request.path) { throw SendFailure(message: refusal, code: 1, isDiagnostic: true) }
        let statement = gate.statement(path: request.path)
        if !statement.isEmpty { console.warn(statement) }
        return gate
    }

    /// Weighs a message against `send.max-message-size` and Gmail's cut-off for HTML.
    func weigh(_ factory: MessageFactory) throws(SendFailure) -> MessageSizeCheck {
        do {
            return try MessageSizeCheck(factory: factory, limit: settings.delivery.maxMessageSize)
        } catch {
            throw SendFailure(message: "cannot make the message: \(error.description); nothing was sent", code: 1)
        }
    }

    /// Refuses a message over `send.max-message-size`, and warns once of HTML that Gmail
    /// would cut off, before anything is confirmed or sent.
    func report(_ size: MessageSizeCheck, console: SendConsole) throws(SendFailure) {
        if let refusal = size.refusal { throw SendFailure(message: refusal, code: 1) }
        if let warning = size.warning { console.warn("\(request.path): \(warning)\n") }
    }

    /// Refuses to send from a list with bad rows, naming each.
    func refuseProblems(in list: SubscriberList.Stream) throws(SendFailure) {
        guard list.problems.isEmpty else {
            throw SendFailure(
                message: list.problems.map(\.description).joined(separator: "\n")
                    + "\nmend the list before sending (`digest subscribers check`); nothing was sent",
                code: 1, isDiagnostic: true)
        }
    }

    func unsubscribeKey(realSend: Bool) throws(SendFailure) -> UnsubscribeKey {
        guard let secret = environment[UnsubscribeKey.environmentVariable], !secret.isEmpty else {
            if realSend {
                throw .usage(
                    "set \(UnsubscribeKey.environmentVariable) before mailing subscribers: it keys their unsubscribe links and must stay the same from send to send (make one with `openssl rand -hex 32`)"
                )
            }
            return .throwaway()
        }
        do {
            return try UnsubscribeKey(secret: secret)
        } catch {
            throw .usage(error.description)
        }
    }

    /// Asks before mailing readers; refuses without a terminal to ask on unless `--yes`.
    func confirm(
        _ plan: SendStatus, subject: String, destination: String, mailsReaders: Bool, note: String?, console: SendConsole
    ) throws(SendFailure) {
        let count = plan.toSend(resendingUncertain: request.resendUncertain, retryingRefused: request.retryRefused)
        guard mailsReaders, !request.yes, count > 0 else { return }
        var question = "Send “\(subject)” to \(count) reader\(count == 1 ? "" : "s") through \(destination)?"
        if plan.accepted + plan.refused + plan.uncertain > 0 {
            question += " (already sent \(plan.accepted), failed \(plan.refused), uncertain \(plan.uncertain))"
        }
        if let note { question += " (\(note))" }
        guard let yes = console.ask(question) else {
            throw .usage(
                "this would mail \(count.grouped) reader\(count == 1 ? "" : "s"); pass --yes to send without a terminal to confirm on")
        }
        guard yes else { throw SendFailure(message: "nothing was sent", code: 1) }
    }
}
