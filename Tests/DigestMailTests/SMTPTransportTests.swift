import DigestCore
import DigestMail
import DigestTestSupport
import Foundation
import Testing

/// Retries fast enough for a test: five tries, 50 ms apart at first.
let quickRetries = RetryPolicy(attempts: 5, initialDelay: 0.05, maximumDelay: 0.2)

@Suite("SMTP through libcurl", .serialized, .enabled(if: aiosmtpdAvailable, "python3 -m pip install aiosmtpd (.ci/setup --test does)"))
struct SMTPTransportTests {
    let sender = "egulum@spfusa.org"

    @Test("60 messages over 4 reused connections reach a real loopback server once each, one recipient each, no defects")
    func parallelConnections() throws {
        let server = try TestServer()
        let readers = (0..<60).map { "reader\($0)@example.org" }
        let source = RecordingSource(try testMessages(readers))
        let transport = SMTPTransport(server: SMTPEndpoint(url: server.url), sender: sender, connections: 4)
        try transport.deliver(from: source, stop: StopSignal())
        #expect(source.count(\.isAccepted) == 60)
        #expect(source.commits == 60)
        let received = try server.received()
        #expect(received.map(\.recipients).sorted { $0[0] < $1[0] } == readers.sorted().map { [$0] })
        if case .accepted(let reply)? = source.outcomes["reader0@example.org"] {
            #expect(reply.hasPrefix("250 2.0.0 Ok: queued as TEST"))
        } else {
            Issue.record("reader0 not accepted")
        }
        // libcurl dot-stuffs: the lone "." line arrives whole.
        #expect(String(decoding: received[0].bytes, as: UTF8.self).contains("Hello\r\n.\r\nA line with a dot"))
        #expect(try emailDefects(received.map(\.bytes)) == [])
    }

    @Test("K connections wait for their replies to the final dot at the same time, not one after another")
    func repliesOverlap() throws {
        // A server that holds each final dot until eight are held at once, as replies from
        // a relay far away would overlap: with connections that wait for one another the
        // eighth never arrives and the server's barrier gives up after 120 s instead.
        let server = try TestServer("fault_server.py", ["--dot-barrier", "8"])
        let readers = (0..<16).map { "far\($0)@example.org" }
        let source = RecordingSource(try testMessages(readers))
        try SMTPTransport(server: SMTPEndpoint(url: server.url), sender: sender, connections: 8).deliver(
            from: source, stop: StopSignal())
        #expect(source.count(\.isAccepted) == 16)
        #expect(try server.received().count == 16)
        #expect(server.log().filter { $0 == "barrier-passed 8" }.count == 2, "\(server.log())")
        #expect(!server.log().contains("barrier-timeout"), "the eight connections did not wait for their replies together")
    }

    @Test("K connections say QUIT and wait for its reply at the same time, not one after another")
    func connectionsEndTogether() throws {
        // A server that answers QUIT only once eight connections wait for that answer at
        // once. Ended one after another, each connection waits for its own answer before the
        // next says QUIT, and the barrier gives up after 60 s. Its dot barrier makes every
        // connection carry a message, so that none ends without having connected.
        let server = try TestServer(
            "fault_server.py", ["--dot-barrier", "8", "--quit-barrier", "8", "--barrier-timeout", "60"])
        let readers = (0..<16).map { "end\($0)@example.org" }
        let source = RecordingSource(try testMessages(readers))
        try SMTPTransport(server: SMTPEndpoint(url: server.url), sender: sender, connections: 8).deliver(
            from: source, stop: StopSignal())
        #expect(source.count(\.isAccepted) == 16)
        #expect(server.log().filter { $0 == "quit" }.count == 8)
        #expect(server.log().filter { $0 == "quit-barrier-passed 8" }.count == 1, "\(server.log())")
        #expect(!server.log().contains("quit-barrier-timeout"), "the eight connections ended one after another")
    }

    @Test("a server that never answers QUIT holds the send up for the QUIT timeout, not a whole reply timeout")
    func unansweredQuit() throws {
        // QUIT is held until 99 connections wait for its answer, which never happens: the
        // barrier gives up after 100 s. A send that waited the reply timeout (300 s) would
        // still be waiting when it did.
        let server = try TestServer("fault_server.py", ["--quit-barrier", "99", "--barrier-timeout", "100"])
        let source = RecordingSource(try testMessages(["a@example.org", "b@example.org"]))
        let smtp = SMTPEndpoint(url: server.url, responseTimeout: 300, quitTimeout: 1)
        try SMTPTransport(server: smtp, sender: sender, connections: 1).deliver(from: source, stop: StopSignal())
        #expect(source.count(\.isAccepted) == 2)
        #expect(server.log().contains("quit-held"), "\(server.log())")
        #expect(!server.log().contains("quit-barrier-timeout"), "the send waited for the server to give up")
    }

    @Test("a rate limit spaces the messages out")
    func rateLimit() throws {
        let server = try TestServer()
        let source = RecordingSource(try testMessages((0..<6).map { "r\($0)@example.org" }))
        let started = Date()
        try SMTPTransport(server: SMTPEndpoint(url: server.url), sender: sender, connections: 2, rate: 20).deliver(
            from: source, stop: StopSignal())
        // Six messages at 20 a second, with at most 50 ms' worth (one message) of catching
        // up: the last starts 200 ms after the first, at least.
        #expect(Date().timeIntervalSince(started) >= 0.2)
        #expect(source.count(\.isAccepted) == 6)
    }

    @Test("a paced send ends with its list, not one interval after its last message; a message fetched ahead and not sent is deferred")
    func pacedSendEndsWithItsList() throws {
        let server = try TestServer()
        // One message every 20 s: the send of one ended only after 20 s more before.
        let one = RecordingSource(try testMessages(["r0@example.org"]))
        let started = Date()
        try SMTPTransport(server: SMTPEndpoint(url: server.url), sender: sender, connections: 2, rate: 0.05).deliver(
            from: one, stop: StopSignal())
        #expect(one.count(\.isAccepted) == 1)
        #expect(Date().timeIntervalSince(started) < 15, "waited for a slot no message needed")
        // Stopped once the first is settled: the next, fetched while its slot was waited for,
        // is deferred as never tried (not "attempt 0"), and nothing handed out is left unsaid.
        let inner = RecordingSource(try testMessages((1...3).map { "r\($0)@example.org" }))
        let stop = StopSignal()
        try SMTPTransport(server: SMTPEndpoint(url: server.url), sender: sender, connections: 2, rate: 0.05).deliver(
            from: StoppingSource(inner, stop, when: .finished(1)), stop: stop)
        #expect(inner.count(\.isAccepted) == 1 && inner.outcomes.count == inner.handedOut, "\(inner.outcomes)")
        for case .deferred(let reason) in inner.outcomes.values {
            #expect(reason == "not sent: the send was stopped before its next try")
        }
    }

    @Test(
        "STARTTLS with AUTH: the certificate is verified, the login accepted, the messages delivered",
        .enabled(if: opensslAvailable, "apt-get install openssl (.ci/setup --test does)"))
    func startTLSWithAuth() throws {
        let certificate = try TestCertificate()
        let server = try TestServer(
            "smtp_server.py", ["--starttls", certificate.certificate, certificate.key, "--auth", "editor:s3cret pass"])
        let smtp = SMTPEndpoint(
            url: server.url, credentials: SMTPCredentials(user: "editor", password: "s3cret pass"),
            certificateAuthorities: certificate.certificate)
        let source = RecordingSource(try testMessages(["a@example.org", "b@example.org"]))
        try SMTPTransport(server: smtp, sender: sender, connections: 2).deliver(from: source, stop: StopSignal())
        #expect(source.count(\.isAccepted) == 2)
        #expect(try server.received().count == 2)
    }

    @Test(
        "credentials can come from a netrc file instead of the environment",
        .enabled(if: opensslAvailable, "apt-get install openssl (.ci/setup --test does)"))
    func netrc() throws {
        let certificate = try TestCertificate()
        let server = try TestServer(
            "smtp_server.py", ["--starttls", certificate.certificate, certificate.key, "--auth", "editor:from-netrc"])
        let netrc = certificate.folder.appendingPathComponent("netrc")
        try Data("machine 127.0.0.1 login editor password from-netrc\n".utf8).write(to: netrc)
        let smtp = SMTPEndpoint(url: server.url, netrcFile: netrc.path, certificateAuthorities: certificate.certificate)
        let source = RecordingSource(try testMessages(["a@example.org"]))
        try SMTPTransport(server: smtp, sender: sender).deliver(from: source, stop: StopSignal())
        #expect(source.outcomes["a@example.org"]?.isAccepted == true)
    }

    @Test("a netrc file libcurl cannot parse stops the send at once, naming the file, and nobody is marked")
    func unreadableNetrc() throws {
        let server = try TestServer()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-netrc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let netrc = folder.appendingPathComponent("netrc")
        try Data("machine 127.0.0.1 login editor password \"unterminated\n".utf8).write(to: netrc)
        let source = RecordingSource(try testMessages((0..<5).map { "r\($0)@example.org" }))
        let error = #expect(throws: DeliveryFailure.self) {
            try SMTPTransport(server: SMTPEndpoint(url: server.url, netrcFile: netrc.path), sender: sender, connections: 2).deliver(
                from: source, stop: StopSignal())
        }
        #expect(error?.message.contains("could not be read from the netrc file") == true, "\(error?.message ?? "")")
        // Before, each reader was tried five times (21 s) and deferred as a server's trouble.
        #expect(source.outcomes.values.allSatisfy(\.isDeferred) && source.handedOut <= 2, "\(source.outcomes)")
    }

    @Test(
        "a refused login stops the send with one message naming the cause, and nobody is marked refused",
        .enabled(if: opensslAvailable, "apt-get install openssl (.ci/setup --test does)"))
    func refusedLogin() throws {
        let certificate = try TestCertificate()
        let server = try TestServer("smtp_server.py", ["--starttls", certificate.certificate, certificate.key, "--auth", "editor:right"])
        let smtp = SMTPEndpoint(
            url: server.url, credentials: SMTPCredentials(user: "editor", password: "wrong"),
            certificateAuthorities: certificate.certificate)
        let source = RecordingSource(try testMessages((0..<20).map { "r\($0)@example.org" }))
        let error = #expect(throws: DeliveryFailure.self) {
            try SMTPTransport(server: smtp, sender: sender, connections: 2).deliver(from: source, stop: StopSignal())
        }
        #expect(error?.message.contains("refused the login") == true)
        #expect(error?.message.contains("wrong") == false)
        #expect(source.count(\.isRefused) == 0)
        #expect(source.handedOut <= 2)
        #expect(try server.received().isEmpty)
    }

    @Test(
        "a certificate nobody vouches for is a TLS failure that stops the send",
        .enabled(if: opensslAvailable, "apt-get install openssl (.ci/setup --test does)"))
    func untrustedCertificate() throws {
        let certificate = try TestCertificate()
        let server = try TestServer("smtp_server.py", ["--starttls", certificate.certificate, certificate.key])
        let source = RecordingSource(try testMessages(["a@example.org"]))
        let error = #expect(throws: DeliveryFailure.self) {
            try SMTPTransport(server: SMTPEndpoint(url: server.url), sender: sender).deliver(from: source, stop: StopSignal())
        }
        #expect(error?.message.contains("TLS") == true)
        #expect(source.outcomes["a@example.org"]?.isDeferred == true)
    }

    @Test("SMTPS: TLS from the first byte", .enabled(if: opensslAvailable, "apt-get install openssl (.ci/setup --test does)"))
    func smtps() throws {
        let certificate = try TestCertificate()
        let server = try TestServer("smtp_server.py", ["--smtps", certificate.certificate, certificate.key, "--auth", "editor:pw"])
        let smtp = SMTPEndpoint(
            url: "smtps://127.0.0.1:\(server.port)", credentials: SMTPCredentials(user: "editor", password: "pw"),
            certificateAuthorities: certificate.certificate)
        let source = RecordingSource(try testMessages(["a@example.org", "b@example.org", "c@example.org"]))
        try SMTPTransport(server: smtp, sender: sender).deliver(from: source, stop: StopSignal())
        #expect(source.count(\.isAccepted) == 3)
        #expect(try server.received().count == 3)
    }

    @Test("STARTTLS is required of a server that is not this machine, and TLS is never optional for smtps")
    func tlsPolicy() {
        #expect(SMTPEndpoint(url: "smtp://127.0.0.1:2525").mayGoWithoutTLS)
        #expect(SMTPEndpoint(url: "smtp://localhost:2525").mayGoWithoutTLS)
        #expect(!SMTPEndpoint(url: "smtp://mail.example.org:587").mayGoWithoutTLS)
        #expect(!SMTPEndpoint(url: "smtp://127.mail.example.org:587").mayGoWithoutTLS)
        #expect(SMTPEndpoint(url: "smtp://127.0.0.2:25").mayGoWithoutTLS)
        // Only 127.0.0.0/8 in plain decimal counts: libcurl and the C library ask DNS (and the
        // search domains) for 127.0.0.09 or 127.+0.+0.+1, and read a leading zero as octal.
        for host in ["127.0.0.09", "127.0.0.010", "127.+0.+0.+1", "127.0.0.1."] {
            #expect(!SMTPEndpoint(url: "smtp://\(host):25").mayGoWithoutTLS, "\(host)")
        }
        #expect(SMTPEndpoint(url: "smtp://mail.example.org:587", allowPlaintext: true).mayGoWithoutTLS)
        #expect(!SMTPEndpoint(url: "smtps://127.0.0.1:465").mayGoWithoutTLS)
        #expect(String(describing: SMTPCredentials(user: "editor", password: "hunter2")) == "SMTPCredentials(hidden)")
    }

    @Test("a closed port is retried, then stops the send as unreachable; nobody is marked failed")
    func unreachable() throws {
        let refusing = try RefusingPort()
        let port = refusing.port
        let source = RecordingSource(try testMessages(["a@example.org", "b@example.org"]))
        let error = #expect(throws: DeliveryFailure.self) {
            try SMTPTransport(server: SMTPEndpoint(url: "smtp://127.0.0.1:\(port)", connectTimeout: 2), sender: sender, retry: quickRetries)
                .deliver(from: source, stop: StopSignal())
        }
        withExtendedLifetime(refusing) {}
        #expect(error?.message.contains("after 5 tries") == true)
        #expect(source.count(\.isDeferred) == source.outcomes.count)
        #expect(source.count(\.isRefused) == 0)
    }
}

@Suite("SMTP faults", .serialized, .enabled(if: pythonCanImport("asyncio"), "python3 is needed"))
struct SMTPFaultTests {
    let sender = "egulum@spfusa.org"

    @Test("421 at connect is retried with backoff, and every message then arrives once")
    func greeting421() throws {
        let server = try TestServer("fault_server.py", ["--greeting-421", "3"])
        let readers = (0..<5).map { "r\($0)@example.org" }
        let source = RecordingSource(try testMessages(readers))
        try SMTPTransport(server: SMTPEndpoint(url: server.url), sender: sender, connections: 1, retry: quickRetries).deliver(
            from: source, stop: StopSignal())
        #expect(source.count(\.isAccepted) == 5)
        #expect(try server.received().map(\.recipients).sorted { $0[0] < $1[0] } == readers.map { [$0] })
        #expect(server.log().filter { $0 == "greeting 421" }.count == 3)
    }

    @Test("451 for one recipient is tried again until accepted; 550 is refused for that reader alone")
    func temporaryAndPermanent() throws {
        let server = try TestServer(
            "fault_server.py", ["--rcpt-451", "slow@example.org", "--times", "2", "--rcpt-550", "gone@example.org"])
        let readers = ["a@example.org", "slow@example.org", "gone@example.org", "b@example.org"]
        let source = RecordingSource(try testMessages(readers))
        try SMTPTransport(server: SMTPEndpoint(url: server.url), sender: sender, connections: 2, retry: quickRetries).deliver(
            from: source, stop: StopSignal())
        #expect(source.outcomes["slow@example.org"]?.isAccepted == true)
        #expect(
            source.outcomes["gone@example.org"] == .refused(reply: "550 5.1.1 <gone@example.org>: Recipient address rejected: User unknown")
                || source.outcomes["gone@example.org"]?.isRefused == true)
        #expect(source.count(\.isAccepted) == 3)
        #expect(server.log().filter { $0.hasPrefix("rcpt slow@example.org 451") }.count == 2)
        #expect(try server.received().count == 3)
    }

    @Test("451 that never ends defers that reader after the last try, and the rest go on")
    func temporaryExhausted() throws {
        let server = try TestServer("fault_server.py", ["--rcpt-451", "slow@example.org", "--times", "99"])
        let source = RecordingSource(try testMessages(["a@example.org", "slow@example.org", "b@example.org"]))
        try SMTPTransport(server: SMTPEndpoint(url: server.url), sender: sender, retry: quickRetries).deliver(
            from: source, stop: StopSignal())
        #expect(source.outcomes["slow@example.org"]?.isDeferred == true)
        #expect(source.count(\.isAccepted) == 2)
    }

    @Test("a connection dropped in the middle of DATA is tried again: the message was not complete, so it arrives once")
    func droppedMidData() throws {
        let server = try TestServer("fault_server.py", ["--drop-in-data", "big@example.org", "--times", "1"])
        // Large enough that the server hangs up while libcurl is still reading the message.
        let messages = try testMessages(["big@example.org", "a@example.org"], textSize: 4_000_000)
        let source = RecordingSource(messages)
        try SMTPTransport(server: SMTPEndpoint(url: server.url), sender: sender, retry: quickRetries).deliver(
            from: source, stop: StopSignal())
        #expect(source.outcomes["big@example.org"]?.isAccepted == true)
        #expect(server.log().contains { $0.hasPrefix("data-dropped") })
        #expect(try server.received().filter { $0.recipients == ["big@example.org"] }.count == 1)
    }

    @Test("a server that takes the whole message and never answers leaves it uncertain, not resent")
    func silentAfterData() throws {
        let server = try TestServer("fault_server.py", ["--silent-after-data", "limbo@example.org"])
        let source = RecordingSource(try testMessages(["limbo@example.org", "a@example.org"]))
        try SMTPTransport(server: SMTPEndpoint(url: server.url, responseTimeout: 2), sender: sender, retry: quickRetries).deliver(
            from: source, stop: StopSignal())
        #expect(source.outcomes["limbo@example.org"]?.isUncertain == true)
        #expect(source.outcomes["a@example.org"]?.isAccepted == true)
        #expect(server.log().filter { $0.hasPrefix("data-silent") }.count == 1)
    }

    @Test("a server that stops reading in the middle of a message fails that try after the reply timeout; it is sent again")
    func stallInData() throws {
        let server = try TestServer("fault_server.py", ["--stall-in-data", "stuck@example.org"])
        // 8 MB: more than the socket buffers between the two hold, so the body stops halfway.
        let big = try testMessages(["stuck@example.org"], textSize: 8 << 20)
        // The other reader first: the stalled message's retry, once due, goes before any new one.
        let source = RecordingSource((try testMessages(["a@example.org"])) + big)
        let retries = RetryPolicy(attempts: 2, initialDelay: 0.05, maximumDelay: 0.1)
        let sending = Sending {
            try SMTPTransport(server: SMTPEndpoint(url: server.url, responseTimeout: 2), sender: sender, retry: retries).deliver(
                from: source, stop: StopSignal())
        }
        // Were the send to hang, the test fails rather than hangs.
        #expect(sending.done.wait(timeout: .now() + 60) == .success, "the send did not end")
        #expect(server.log().filter { $0.hasPrefix("data-stalled") }.count == 2)
        #expect(source.outcomes["stuck@example.org"]?.isDeferred == true, "\(String(describing: source.outcomes["stuck@example.org"]))")
        #expect(source.outcomes["a@example.org"]?.isAccepted == true)
    }

    @Test("a server that never says a word is retried, then stops the send; nobody is marked")
    func silentServer() throws {
        let server = try TestServer("fault_server.py", ["--silent"])
        let source = RecordingSource(try testMessages(["a@example.org", "b@example.org"]))
        let retries = RetryPolicy(attempts: 2, initialDelay: 0.05, maximumDelay: 0.1)
        #expect(throws: DeliveryFailure.self) {
            try SMTPTransport(server: SMTPEndpoint(url: server.url, responseTimeout: 1), sender: sender, retry: retries).deliver(
                from: source, stop: StopSignal())
        }
        #expect(source.count(\.isRefused) == 0)
        #expect(source.count(\.isAccepted) == 0)
    }

    @Test("ten refusals in a row mean the server refuses the sender: the send stops and they are deferred, not failed")
    func refusalStreak() throws {
        let readers = (0..<15).map { "gone\($0)@example.org" }
        let server = try TestServer("fault_server.py", readers.flatMap { ["--rcpt-550", $0] })
        let source = RecordingSource(try testMessages(readers))
        #expect(throws: DeliveryFailure.self) {
            try SMTPTransport(server: SMTPEndpoint(url: server.url), sender: sender, retry: quickRetries).deliver(
                from: source, stop: StopSignal())
        }
        #expect(source.count(\.isRefused) == 0)
        #expect(source.count(\.isDeferred) == 10)
    }

    @Test(
        "a refusal of the sender stops the send at once whatever the list's size, and marks nobody",
        arguments: [
            ["--mail-reply", "530 5.7.0 Authentication required"],
            ["--mail-reply", "553 5.7.1 <egulum@spfusa.org>: Sender address rejected: not owned by user editor"],
            ["--mail-reply", "550 Requested action not taken: mailbox unavailable"],
            ["--rcpt-reply", "a@example.org", "554 5.7.1 <a@example.org>: Relay access denied"],
            ["--rcpt-reply", "a@example.org", "550 relay not permitted"],
            ["--dot-reply", "a@example.org", "552 5.3.4 Message size exceeds fixed limit"],
            ["--dot-reply", "a@example.org", "554 Message rejected: Email address is not verified."],
        ])
    func senderRefused(_ fault: [String]) throws {
        let server = try TestServer("fault_server.py", fault)
        let source = RecordingSource(try testMessages(["a@example.org", "b@example.org", "c@example.org"]))
        let failure = #expect(throws: DeliveryFailure.self) {
            try SMTPTransport(server: SMTPEndpoint(url: server.url), sender: sender, connections: 1, retry: quickRetries).deliver(
                from: source, stop: StopSignal())
        }
        #expect(failure?.message.contains(fault.last!.prefix(3)) == true, "\(failure?.message ?? "")")
        #expect(failure?.message.contains(fault[0] == "--dot-reply" ? "refuses the message itself" : "refuses the sender") == true)
        #expect(source.count(\.isRefused) == 0)
        #expect(source.handedOut == 1, "the send stops at the first refusal")
        #expect(source.outcomes["a@example.org"]?.isDeferred == true)
        #expect(try server.received().isEmpty)
    }

    @Test("a refusal of one reader's mailbox refuses that reader alone, at RCPT TO or at the final dot")
    func readerRefused() throws {
        let server = try TestServer(
            "fault_server.py",
            [
                "--rcpt-reply", "gone@example.org", "550 5.1.1 https://support.google.com/mail/?p=NoSuchUser - gsmtp",
                "--rcpt-reply", "full@example.org", "552 5.2.2 The email account that you tried to reach is over quota",
                "--dot-reply", "moved@example.org", "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found",
            ])
        let readers = ["a@example.org", "gone@example.org", "full@example.org", "moved@example.org", "b@example.org"]
        let source = RecordingSource(try testMessages(readers))
        try SMTPTransport(server: SMTPEndpoint(url: server.url), sender: sender, connections: 2, retry: quickRetries).deliver(
            from: source, stop: StopSignal())
        #expect(source.outcomes["gone@example.org"] == .refused(reply: "550 5.1.1 https://support.google.com/mail/?p=NoSuchUser - gsmtp"))
        #expect(source.outcomes["full@example.org"]?.isRefused == true)
        #expect(source.outcomes["moved@example.org"]?.isRefused == true)
        #expect(source.count(\.isAccepted) == 2)
    }

    @Test("a stop waits for the reply in flight at most its stop wait, then records the message uncertain, never sent again")
    func stopWaitsAtMost() throws {
        let server = try TestServer("fault_server.py", ["--hold-dot", "60"])
        let source = RecordingSource(try testMessages(["held@example.org", "next@example.org"]))
        let stop = StopSignal()
        let transport = SMTPTransport(
            server: SMTPEndpoint(url: server.url, responseTimeout: 60), sender: sender, connections: 1, longestStopWait: 2)
        #expect(transport.stopWait == 2)
        let started = Date()
        try transport.deliver(from: StoppingSource(source, stop, when: .committing), stop: stop)
        #expect(Date().timeIntervalSince(started) < 30, "the stop gave up at its wait, not the server's")
        #expect(
            source.outcomes["held@example.org"]
                == .uncertain(
                    reason: "the send was stopped and waited 2 s for the server's reply to the whole message; it may have taken it"))
        #expect(source.handedOut == 1)
    }

    @Test("a stop request finishes the message in flight and hands out no more")
    func stops() throws {
        let server = try TestServer()
        let source = RecordingSource(try testMessages((0..<50).map { "r\($0)@example.org" }))
        let stop = StopSignal()
        try SMTPTransport(server: SMTPEndpoint(url: server.url), sender: sender, connections: 2).deliver(
            from: StoppingSource(source, stop, when: .finished(5)), stop: stop)
        #expect(source.outcomes.count == source.handedOut)
        #expect(source.handedOut < 10)
        #expect(try server.received().count == source.count(\.isAccepted))
    }
}

/// A send on a thread of its own, and a semaphore for its end (whatever it threw).
// Unchecked: the send's closure runs once, on the thread started here.
final class Sending: @unchecked Sendable {
    let done = DispatchSemaphore(value: 0)
    private let send: () throws -> Void
    init(_ send: @escaping () throws -> Void) {
        self.send = send
        Thread.detachNewThread { [self] in
            _ = try? self.send()
            done.signal()
        }
    }
}
