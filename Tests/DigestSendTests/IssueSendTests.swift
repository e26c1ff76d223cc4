import DigestCore
import DigestMail
import DigestRender
import DigestSend
import DigestTestSupport
import Foundation
import Testing

/// A route of the test's own that mails readers through a scripted transport: what a new
/// route is, a type behind ``SendRoute``, with no branch in the command for it.
final class ScriptedRoute: SendRoute, @unchecked Sendable {
    let scripted: ScriptedTransport
    let failure: DeliveryFailure?

    init(_ transport: ScriptedTransport = ScriptedTransport(), failure: DeliveryFailure? = nil) {
        scripted = transport
        self.failure = failure
    }

    var destination: String { "scripted://test" }
    var mailsReaders: Bool { true }
    var outbox: URL? { nil }

    func transport(sender: String, connections: Int, rate: Double?) throws -> any Transport {
        guard let failure else { return scripted }
        return FailingTransport(failure: failure)
    }
}

/// A transport that cannot reach anyone: the whole send stops.
struct FailingTransport: Transport {
    let failure: DeliveryFailure
    func deliver(from source: DeliverySource, stop: StopSignal) throws { throw failure }
}

/// A terminal that records what a send writes and answers its question from the script.
final class RecordingConsole: SendConsole, @unchecked Sendable {
    var warnings = ""
    var questions: [String] = []
    let answer: Bool?
    var started: (total: Int, stopWait: Double)?
    var progressCalls = 0
    var finishedCalls = 0

    init(answer: Bool? = true) { self.answer = answer }

    func warn(_ text: String) { warnings += text }
    func ask(_ question: String) -> Bool? {
        questions.append(question)
        return answer
    }
    func starting(_ job: SendJob, stop: StopSignal, stopWait: Double, total: Int) { started = (total, stopWait) }
    func progress(_ counts: SendJob.Counts) { progressCalls += 1 }
    func finished() -> String? {
        finishedCalls += 1
        return nil
    }
}

/// The send's orchestration run in the test's own process: the route, the list, the
/// question, the job, the report and the summary, with no `digest` launched.
@Suite("IssueSend")
struct IssueSendTests {
    let root: URL
    let issue: DigestCore.Issue
    let renderer: Renderer
    static let issuePath = "seeds/archive/2023-03-23-vol-2.5.issue"
    static let environment = ["DIGEST_UNSUBSCRIBE_SECRET": "0123456789abcdef0123456789abcdef"]

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("digest-issue-send-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Subscribers"), withIntermediateDirectories: true)
        var csv = "address,name,status,subscribed,changed\n"
        for index in 0..<4 {
            csv += "reader\(index)@example.org,Reader \(index),\(index == 3 ? "unsubscribed" : "subscribed"),2023-01-01,2023-01-01\n"
        }
        try Data(csv.utf8).write(to: root.appendingPathComponent("Subscribers/subscribers.csv"))
        let data = try Data(contentsOf: projectRoot.appendingPathComponent(Self.issuePath))
        issue = Settings.thisRepository.parser.parse(bytes: Array(data), path: Self.issuePath).issue
        renderer = try Renderer(templatesFolder: projectRoot.appendingPathComponent("Templates"), settings: .thisRepository)
    }

    func send(_ request: SendRequest = SendRequest(path: issuePath), route: any SendRoute, environment: [String: String] = environment)
        -> IssueSend
    {
        let prefix = root.path + "/"
        return IssueSend(
            request: request, route: route, root: root, settings: .thisRepository, environment: environment, issue: issue,
            renderer: renderer, displayPath: { $0.path.hasPrefix(prefix) ? String($0.path.dropFirst(prefix.count)) : $0.path })
    }

    func outboxRoute(_ via: String) throws -> any SendRoute {
        try RouteChoice.choose(
            via: via, smtp: nil, allowPlaintext: false, environment: [:], settings: .thisRepository, root: root,
            displayPath: { $0.lastPathComponent })
    }

    @Test("maildir:PATH takes every subscribed reader's message into PATH, journals there, asks nothing, and a second run sends nothing")
    func outbox() throws {
        let route = try outboxRoute("maildir:Proofs")
        let console = RecordingConsole(answer: nil)
        let first = try send(route: route).run(lint: { [] }, console: console)
        #expect(first.failure == nil && first.report.isComplete)
        #expect(
            first.report.text.hasPrefix("“US-Japan Alliance Digest Vol 2.5” to the outbox Proofs/: 3 accepted, 0 refused"),
            "\(first.report.text)")
        #expect(console.questions.isEmpty, "the outbox mails nobody: nothing to ask")
        #expect(console.started?.total == 3 && console.finishedCalls == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Proofs/new").path).count == 3)
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("Proofs/vol-2.5.journal").path))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("Subscribers/sent").path))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("Outbox").path))

        let second = try send(route: route).run(lint: { [] }, console: RecordingConsole())
        #expect(second.report.text.contains("nothing left to send") && second.report.text.contains("skipped from earlier runs: 3 sent"))
        let status = try send(route: route).status()
        #expect(status.text.hasPrefix("journal: Proofs/vol-2.5.journal (the outbox)"), "\(status.text)")
    }

    @Test(
        "a route that mails readers asks first: no answers nothing sent, no terminal is a usage error naming --yes, yes sends and writes the summary"
    )
    func confirmation() throws {
        let declined = ScriptedRoute()
        #expect {
            _ = try send(route: declined).run(lint: nil, console: RecordingConsole(answer: false))
        } throws: { error in
            (error as? SendFailure)?.message == "nothing was sent" && (error as? SendFailure)?.code == 1
        }
        #expect(declined.scripted.delivered.isEmpty)

        #expect {
            _ = try send(route: ScriptedRoute()).run(lint: nil, console: RecordingConsole(answer: nil))
        } throws: { error in
            (error as? SendFailure)?.code == 2
                && (error as? SendFailure)?.message == "this would mail 3 readers; pass --yes to send without a terminal to confirm on"
        }

        let route = ScriptedRoute()
        let console = RecordingConsole(answer: true)
        let outcome = try send(route: route).run(lint: nil, console: console)
        #expect(console.questions == ["Send “US-Japan Alliance Digest Vol 2.5” to 3 readers through scripted://test?"])
        // Claimed in order, but made by two threads: they may come out in another.
        #expect(route.scripted.delivered.sorted() == ["reader0@example.org", "reader1@example.org", "reader2@example.org"])
        #expect(outcome.report.text.hasPrefix("“US-Japan Alliance Digest Vol 2.5” to scripted://test: 3 accepted"))
        #expect(console.progressCalls == 3)
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(".digest/journal/vol-2.5.journal").path))
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("Subscribers/sent/vol-2.5.sent").path))

        var yes = SendRequest(path: Self.issuePath)
        yes.yes = true
        let quiet = RecordingConsole(answer: nil)
        let again = try send(yes, route: ScriptedRoute()).run(lint: nil, console: quiet)
        #expect(quiet.questions.isEmpty && again.report.text.contains("nothing left to send"))
    }

    @Test("mailing readers needs the unsubscribe secret; test copies go without it, with a note after the report")
    func secret() throws {
        #expect {
            _ = try send(route: ScriptedRoute(), environment: [:]).run(lint: nil, console: RecordingConsole())
        } throws: { error in
            (error as? SendFailure)?.message.hasPrefix("set DIGEST_UNSUBSCRIBE_SECRET before mailing subscribers") == true
        }
        var request = SendRequest(path: Self.issuePath)
        request.testAddresses = ["editor@example.org"]
        let route = ScriptedRoute()
        let outcome = try send(request, route: route, environment: [:]).run(lint: nil, console: RecordingConsole(answer: nil))
        #expect(route.scripted.delivered == ["editor@example.org"])
        #expect(outcome.report.text.hasPrefix("test copy of “US-Japan Alliance Digest Vol 2.5” to scripted://test: 1 accepted"))
        #expect(outcome.notes == ["note: DIGEST_UNSUBSCRIBE_SECRET is not set; these copies' unsubscribe links are placeholders"])
        #expect(
            !FileManager.default.fileExists(atPath: root.appendingPathComponent(".digest/journal").path),
            "test copies leave the journal alone")
    }

    @Test("lint errors refuse the send before the journal; other findings are stated and named in the question")
    func lint() throws {
        let error = SendLintGate.Finding(severity: "error", rule: "footer", text: "x.issue:9:1: error: no footer [footer]")
        let warning = SendLintGate.Finding(severity: "warning", rule: "us", text: "x.issue:3:5: warning: write US [us]")
        let route = ScriptedRoute()
        #expect {
            _ = try send(route: route).run(lint: { [error, warning] }, console: RecordingConsole())
        } throws: { failure in
            guard let failure = failure as? SendFailure else { return false }
            return failure.code == 1 && failure.isDiagnostic && failure.message.hasPrefix("x.issue:9:1: error: no footer [footer]\n")
        }
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent(".digest/journal").path))

        let console = RecordingConsole(answer: true)
        _ = try send(route: route).run(lint: { [warning] }, console: console)
        #expect(console.warnings.hasPrefix("x.issue:3:5: warning: write US [us]\n"))
        #expect(console.questions.first?.hasSuffix("? (1 lint finding remains, listed above)") == true, "\(console.questions)")
    }

    @Test("a failure that would hit every reader stops the send and marks nobody; --dry-run checks every message and sends nothing")
    func failureAndDryRun() throws {
        var yes = SendRequest(path: Self.issuePath)
        yes.yes = true
        let stopped = try send(yes, route: ScriptedRoute(failure: DeliveryFailure("the server refused the login"))).run(
            lint: nil, console: RecordingConsole())
        #expect(
            stopped.failure?.message.hasPrefix("digest: the send stopped: the server refused the login\nnobody was marked failed") == true)
        #expect(stopped.report.counts.refused == 0)

        var dry = SendRequest(path: Self.issuePath)
        dry.dryRun = true
        let route = ScriptedRoute()
        let console = RecordingConsole(answer: nil)
        let checked = try send(dry, route: route).run(lint: nil, console: console)
        #expect(route.scripted.delivered.isEmpty && console.questions.isEmpty)
        #expect(checked.report.text.hasPrefix("dry run: 3 messages built and checked"), "\(checked.report.text)")
    }
}
