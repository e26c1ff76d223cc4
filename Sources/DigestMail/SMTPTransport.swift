import CCurl
import DigestCore
import Foundation

/// Sends messages over SMTP through libcurl's multi interface: up to `connections`
/// transfers at once, each connection kept open and reused for the next message, one
/// recipient per message, at most `rate` messages a second, and temporary failures tried
/// again after a growing, jittered wait.
public final class SMTPTransport: Transport {
    public let server: SMTPServer
    /// The envelope sender (MAIL FROM).
    public let sender: String
    public let connections: Int
    /// Messages per second at most; `nil` for no limit.
    public let rate: Double?
    public let retry: RetryPolicy
    /// Refusals in a row with nothing accepted between them that mean the server refuses
    /// the sender or the message rather than the readers, and stop the send.
    public let refusalLimit: Int

    public init(
        server: SMTPServer, sender: String, connections: Int = 1, rate: Double? = nil, retry: RetryPolicy = RetryPolicy(),
        refusalLimit: Int = 10, longestStopWait: Double = 60
    ) {
        self.longestStopWait = longestStopWait
        self.server = server
        self.sender = sender
        self.connections = max(1, connections)
        self.rate = rate
        self.retry = retry
        self.refusalLimit = max(1, refusalLimit)
    }

    /// A stop waits for the replies to the messages in flight at most this long (60 s by
    /// default: under systemd's 90 s before it sends SIGKILL), or the server's reply timeout
    /// if shorter.
    public let longestStopWait: Double

    public var stopWait: Double { min(Double(server.responseTimeout), longestStopWait) }

    /// libcurl opened and set up, once; the reason when it cannot be.
    private static let setupProblem: String? = {
        var reason: UnsafePointer<CChar>?
        guard CCurl_load(&reason) == 0 else {
            let detail = reason.map { String(cString: $0) } ?? "not found"
            return "libcurl cannot be opened (\(detail)); install it with `apt-get install libcurl4`"
        }
        let code = CCurl_global_init(Int(CURL_GLOBAL_DEFAULT))
        return code == CURLE_OK ? nil : "libcurl could not start: \(String(cString: CCurl_easy_strerror(code)))"
    }()

    /// Opens libcurl now rather than at the first message: a send calls it while its lint
    /// check runs, since libcurl and the libraries it needs take milliseconds to load.
    public static func load() throws {
        if let problem = setupProblem { throw DeliveryFailure(problem) }
    }

    public func deliver(from source: DeliverySource, stop: StopSignal) throws {
        try Self.load()
        // Addresses go into MAIL FROM and RCPT TO: the one address rule of DigestCore is
        // checked again here, at the last place an unchecked value could reach the server.
        if let problem = EmailAddressCheck.problem(with: sender) {
            throw DeliveryFailure("the sender address \(sender) \(problem); mend sender.address in digest.yaml")
        }
        let session = try Session(transport: self, source: source, stop: stop)
        try session.run()
    }

    /// One message being tried: what libcurl reads from, and what the server said.
    final class Attempt {
        let message: OutgoingMessage
        /// Tries so far, this one included.
        let tries: Int
        var offset = 0
        /// Whether libcurl has read the whole message: the final dot is sent or on its way.
        var handedOver = false
        /// The last line of the server's last reply, as bytes: a message sees four replies,
        /// and only the last is wanted as text.
        var lastReply: [UInt8] = []
        /// Why the message was held back at its commit point, if it was.
        var commitError: Error?
        /// Its place among the transfers of the session, counting from 1.
        var order = 0
        let source: DeliverySource
        let recipients: UnsafeMutablePointer<curl_slist>?
        /// The send's stop request, and how long after it the message is given up.
        let stop: StopSignal
        let stopWait: Double
        /// Whether it was given up, a stop having waited its longest for it.
        var abandoned = false

        init(message: OutgoingMessage, tries: Int, source: DeliverySource, stop: StopSignal, stopWait: Double) {
            self.message = message
            self.tries = tries
            self.source = source
            self.stop = stop
            self.stopWait = stopWait
            recipients = CCurl_slist_append(nil, "<\(message.recipient)>")
        }

        deinit { CCurl_slist_free_all(recipients) }
    }

    /// A message waiting for its next try.
    struct Waiting {
        var message: OutgoingMessage
        var tries: Int
        var due: Double
    }

    /// One send: the multi handle, one easy handle per connection, and the queue of retries.
    final class Session {
        let transport: SMTPTransport
        let source: DeliverySource
        let stop: StopSignal
        let multi: UnsafeMutableRawPointer
        var lanes: [(handle: UnsafeMutableRawPointer, attempt: Attempt?)] = []
        /// Each connection's libcurl error text (`RCPT failed: 550`), which names the stage a
        /// refusal came at.
        var errorTexts: [UnsafeMutablePointer<CChar>] = []
        var waiting: [Waiting] = []
        /// Refusals held back while a run of them lasts, each with how many transfers had
        /// started when it came.
        var refusals: [(message: OutgoingMessage, reply: String, startedBefore: Int)] = []
        /// Transfers started so far; each attempt knows its place in this order.
        var started = 0
        var nextStart = 0.0
        static let rateSlack = 0.05
        var sourceDone = false
        var failure: DeliveryFailure?
        var sourceError: Error?

        init(transport: SMTPTransport, source: DeliverySource, stop: StopSignal) throws {
            self.transport = transport
            self.source = source
            self.stop = stop
            guard let multi = CCurl_multi_init() else { throw DeliveryFailure("libcurl could not start") }
            self.multi = multi
            _ = CCurl_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, transport.connections)
            _ = CCurl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, transport.connections)
            for _ in 0..<transport.connections {
                guard let handle = CCurl_easy_init() else { throw DeliveryFailure("libcurl could not start") }
                lanes.append((handle, nil))
                let errorText = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
                errorText.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
                errorTexts.append(errorText)
                if let problem = configure(handle) { throw DeliveryFailure(problem) }
                _ = CCurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorText)
            }
        }

        deinit {
            for lane in lanes {
                if lane.attempt != nil { CCurl_multi_remove_handle(multi, lane.handle) }
                CCurl_easy_cleanup(lane.handle)
            }
            CCurl_multi_cleanup(multi)
            for errorText in errorTexts { errorText.deallocate() }
        }

        /// The options that stay the same for every message on a connection.
        func configure(_ handle: UnsafeMutableRawPointer) -> String? {
            let server = transport.server
            var codes: [CURLcode] = [
                CCurl_setopt_string(handle, CURLOPT_URL, server.url),
                CCurl_setopt_string(handle, CURLOPT_MAIL_FROM, "<\(transport.sender)>"),
                CCurl_setopt_long(handle, CURLOPT_UPLOAD, 1),
                CCurl_setopt_long(handle, CURLOPT_USE_SSL, Int((server.mayGoWithoutTLS ? CURLUSESSL_TRY : CURLUSESSL_ALL).rawValue)),
                CCurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT, server.connectTimeout),
                CCurl_setopt_long(handle, CURLOPT_SERVER_RESPONSE_TIMEOUT, server.responseTimeout),
                CCurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1),
                CCurl_setopt_read_function(handle, readMessage),
                CCurl_setopt_header_function(handle, readReply),
                // libcurl waits for the reply to the final dot inside one call, blocking this
                // loop; its progress callback, called each second of that wait, is how a stop
                // gives the message up on time.
                CCurl_setopt_long(handle, CURLOPT_NOPROGRESS, 0),
                CCurl_setopt_xferinfo_function(handle, checkStop),
            ]
            if let credentials = server.credentials {
                codes.append(CCurl_setopt_string(handle, CURLOPT_USERNAME, credentials.user))
                codes.append(CCurl_setopt_string(handle, CURLOPT_PASSWORD, credentials.password))
            } else if let netrc = server.netrcFile ?? Self.defaultNetrc, FileManager.default.fileExists(atPath: netrc) {
                // Only when there is a netrc file: libcurl would otherwise look for one before every message.
                codes.append(CCurl_setopt_long(handle, CURLOPT_NETRC, Int(CURL_NETRC_OPTIONAL.rawValue)))
                codes.append(CCurl_setopt_string(handle, CURLOPT_NETRC_FILE, netrc))
            }
            if let authorities = server.certificateAuthorities {
                codes.append(CCurl_setopt_string(handle, CURLOPT_CAINFO, authorities))
            }
            if let bad = codes.first(where: { $0 != CURLE_OK }) {
                return "libcurl refused an option: \(String(cString: CCurl_easy_strerror(bad)))"
            }
            return nil
        }

        /// `~/.netrc`, where libcurl looks when no file is named.
        static var defaultNetrc: String? {
            ProcessInfo.processInfo.environment["HOME"].map { $0 + "/.netrc" }
        }

        var now: Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

        var stopping: Bool { failure != nil || sourceError != nil || stop.isRequested }

        func run() throws {
            while true {
                startTransfers()
                let busy = lanes.contains { $0.attempt != nil }
                if !busy && (stopping || (sourceDone && waiting.isEmpty)) { break }
                var running: Int32 = 0
                CCurl_multi_perform(multi, &running)
                // A finished transfer frees its connection: start the next message at once.
                if collectFinished() > 0 { continue }
                if let waited = stop.secondsSinceRequest, waited >= transport.stopWait { abandonInFlight() }
                CCurl_multi_poll(multi, pollTimeout())
            }
            // What could not be tried: waiting retries, and refusals held back while a run of them lasted.
            let reason =
                failure.map { "not sent: the send stopped (\($0.message))" } ?? "not sent: the send was stopped before its next try"
            for item in waiting { report(item.message, .deferred(reason: reason + "; last try: attempt \(item.tries)")) }
            waiting = []
            // Held refusals count as refusals only when the send ran to its end: stopped by
            // a failure or by Ctrl-C, they are sent again next time.
            flushRefusals(asDeferred: failure != nil || stop.isRequested ? reason : nil)
            if let sourceError { throw sourceError }
            if let failure { throw failure }
        }

        /// Starts a message on every idle connection, as far as the rate allows.
        func startTransfers() {
            for index in lanes.indices where lanes[index].attempt == nil {
                guard !stopping else { return }
                if transport.rate != nil, now < nextStart { return }
                guard let (message, tries) = nextMessage() else { return }
                let attempt = Attempt(message: message, tries: tries, source: source, stop: stop, stopWait: transport.stopWait)
                started += 1
                attempt.order = started
                let handle = lanes[index].handle
                errorTexts[index][0] = 0
                let context = Unmanaged.passUnretained(attempt).toOpaque()
                _ = CCurl_setopt_slist(handle, CURLOPT_MAIL_RCPT, attempt.recipients)
                _ = CCurl_setopt_pointer(handle, CURLOPT_READDATA, context)
                _ = CCurl_setopt_pointer(handle, CURLOPT_HEADERDATA, context)
                _ = CCurl_setopt_pointer(handle, CURLOPT_XFERINFODATA, context)
                lanes[index].attempt = attempt
                CCurl_multi_add_handle(multi, handle)
                // A token bucket 50 ms deep: the poll sleeps in whole milliseconds, so a
                // strict interval would fall short of a high rate; a start that came late
                // lets the next ones catch up, never more than 50 ms' worth at once.
                if let rate = transport.rate { nextStart = max(nextStart, now - Self.rateSlack) + 1 / rate }
            }
        }

        /// A retry whose time has come, or the next new message.
        func nextMessage() -> (OutgoingMessage, Int)? {
            if !waiting.isEmpty {
                let time = now
                if let index = waiting.firstIndex(where: { $0.due <= time }) {
                    let item = waiting.remove(at: index)
                    return (item.message, item.tries + 1)
                }
            }
            guard !sourceDone else { return nil }
            do {
                while let message = try source.next() {
                    if let problem = EmailAddressCheck.problem(with: message.recipient) {
                        report(message, .refused(reply: "not sent: \(message.recipient) \(problem)"))
                        continue
                    }
                    return (message, 1)
                }
            } catch {
                sourceError = error
            }
            sourceDone = true
            return nil
        }

        /// Gives up the messages still in flight when a stop has waited its longest for them.
        func abandonInFlight() {
            for index in lanes.indices {
                guard let attempt = lanes[index].attempt else { continue }
                CCurl_multi_remove_handle(multi, lanes[index].handle)
                lanes[index].attempt = nil
                report(attempt.message, abandoned(attempt))
            }
        }

        /// A message given up by a stop: one whose final dot was sent may have been taken
        /// (uncertain), any other was not.
        func abandoned(_ attempt: Attempt) -> DeliveryOutcome {
            let waited = Int(transport.stopWait)
            return attempt.handedOver
                ? .uncertain(
                    reason: "the send was stopped and waited \(waited) s for the server's reply to the whole message; it may have taken it")
                : .deferred(reason: "not sent: the send was stopped and waited \(waited) s for the server")
        }

        /// Settles every transfer libcurl has finished; returns how many there were.
        @discardableResult
        func collectFinished() -> Int {
            var finished = 0
            var left: Int32 = 0
            while let info = CCurl_multi_info_read(multi, &left) {
                guard info.pointee.msg == CURLMSG_DONE,
                    let index = lanes.firstIndex(where: { $0.handle == info.pointee.easy_handle }),
                    let attempt = lanes[index].attempt
                else { continue }
                let result = info.pointee.data.result
                finished += 1
                if result != CURLE_OK {
                    // libcurl may keep a connection whose reply timed out; a late reply would
                    // then answer the next reader's MAIL FROM. A failed transfer's connection
                    // is shut here, so libcurl finds it dead and opens another.
                    var socket: curl_socket_t = CURL_SOCKET_BAD
                    if CCurl_getinfo_socket(lanes[index].handle, &socket) == CURLE_OK, socket != CURL_SOCKET_BAD {
                        shutdown(socket, Int32(SHUT_RDWR))
                    }
                }
                CCurl_multi_remove_handle(multi, lanes[index].handle)
                lanes[index].attempt = nil
                if attempt.abandoned {
                    report(attempt.message, abandoned(attempt))
                    continue
                }
                if let error = attempt.commitError {
                    if sourceError == nil { sourceError = error }
                    report(attempt.message, .deferred(reason: "not sent: its intent could not be journaled"))
                    continue
                }
                var code = 0
                _ = CCurl_getinfo_long(lanes[index].handle, CURLINFO_RESPONSE_CODE, &code)
                // The reply text only when it is the reply the code came from.
                let reply = Self.reply(attempt.lastReply, answering: code)
                let stage =
                    result == CURLE_OK
                    ? .endOfData : SMTPStage.from(curlError: String(cString: errorTexts[index]), handedOver: attempt.handedOver)
                let verdict = SMTPVerdict.judge(
                    result: result, code: code, reply: reply, handedOver: attempt.handedOver, stage: stage,
                    server: transport.server.displayName)
                settle(attempt, verdict)
            }
            return finished
        }

        /// The reply's text when it is the reply `code` came from (`250 …` for 250), or "".
        /// `line` is empty or a reply's last line, three digits and a space (kept by `readReply`).
        static func reply(_ line: [UInt8], answering code: Int) -> String {
            guard line.count >= 4, line[0..<3].reduce(0, { $0 * 10 + Int($1 - UInt8(ascii: "0")) }) == code else { return "" }
            return String(decoding: line, as: UTF8.self)
        }

        func settle(_ attempt: Attempt, _ verdict: SMTPVerdict) {
            let message = attempt.message
            switch verdict {
            case .accepted(let reply):
                // Only a message that went out after a refusal shows the server still takes
                // mail; one that started before proves nothing about it.
                if failure == nil, !refusals.isEmpty {
                    let proven = refusals.filter { $0.startedBefore < attempt.order }
                    refusals.removeAll { $0.startedBefore < attempt.order }
                    for refusal in proven { report(refusal.message, .refused(reply: refusal.reply)) }
                }
                report(message, .accepted(reply: reply))
            case .refused(let reply):
                refusals.append((message, reply, started))
                if refusals.count >= transport.refusalLimit {
                    fail(
                        "\(transport.server.displayName) refused \(refusals.count) messages in a row (last: \(reply)); it refuses the sender or the message, not the readers, so the send stopped and nobody was marked failed"
                    )
                }
            case .retry(let reason), .serverTrouble(let reason):
                guard attempt.tries < transport.retry.attempts, !stopping else {
                    if case .serverTrouble = verdict, !stopping {
                        fail("cannot deliver through \(transport.server.displayName) after \(attempt.tries) tries: \(reason)")
                    }
                    report(message, .deferred(reason: reason))
                    return
                }
                let delay = transport.retry.delay(beforeAttempt: attempt.tries + 1)
                waiting.append(Waiting(message: message, tries: attempt.tries, due: now + delay))
            case .uncertain(let reason):
                report(message, .uncertain(reason: reason))
            case .fatal(let reason):
                fail(reason + (reason.contains(" refuses the ") ? "; it came in answer to the message for \(message.recipient)" : ""))
                report(message, .deferred(reason: "not sent: \(reason)"))
            }
        }

        func fail(_ reason: String) {
            if failure == nil { failure = DeliveryFailure(reason) }
        }

        /// Records the refusals held back: as refusals, or as not sent when the send stopped
        /// before they were shown to be the readers' own.
        func flushRefusals(asDeferred deferredReason: String?) {
            for refusal in refusals {
                report(
                    refusal.message,
                    deferredReason.map { .deferred(reason: $0 + "; server said: \(refusal.reply)") } ?? .refused(reply: refusal.reply))
            }
            refusals = []
        }

        func report(_ message: OutgoingMessage, _ outcome: DeliveryOutcome) {
            do {
                try source.finished(message, outcome)
            } catch {
                if sourceError == nil { sourceError = error }
            }
        }

        /// Milliseconds until something may need doing: a retry falls due, the rate allows
        /// another message, or (at most) a tenth of a second, to notice Ctrl-C.
        func pollTimeout() -> Int32 {
            var wait = 0.1
            guard !waiting.isEmpty || transport.rate != nil else { return 100 }
            let time = now
            for item in waiting { wait = min(wait, max(0, item.due - time)) }
            if transport.rate != nil, lanes.contains(where: { $0.attempt == nil }), !sourceDone || !waiting.isEmpty {
                wait = min(wait, max(0, nextStart - time))
            }
            return Int32(max(1, (wait * 1000).rounded(.up)))
        }
    }
}

/// libcurl's read callback: the next stretch of the message, and 0 once all of it is read.
private func readMessage(_ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    guard let buffer, let context else { return 0 }
    let attempt = Unmanaged<SMTPTransport.Attempt>.fromOpaque(context).takeUnretainedValue()
    let bytes = attempt.message.bytes
    let length = min(size * count, bytes.count - attempt.offset)
    if length == 0 {
        // The final dot comes next: the intent is recorded first, once.
        guard !attempt.handedOver else { return 0 }
        do {
            try attempt.source.willCommit(attempt.message)
        } catch {
            attempt.commitError = error
            return Int(CURL_READFUNC_ABORT)
        }
        attempt.handedOver = true
        return 0
    }
    bytes.withUnsafeBufferPointer { source in
        UnsafeMutableRawPointer(buffer).copyMemory(from: source.baseAddress! + attempt.offset, byteCount: length)
    }
    attempt.offset += length
    return length
}

/// libcurl's progress callback: non-zero gives the message up, once a stop has waited its
/// longest for it.
private func checkStop(
    _ context: UnsafeMutableRawPointer?, _: curl_off_t, _: curl_off_t, _: curl_off_t, _: curl_off_t
) -> Int32 {
    guard let context else { return 0 }
    let attempt = Unmanaged<SMTPTransport.Attempt>.fromOpaque(context).takeUnretainedValue()
    guard let waited = attempt.stop.secondsSinceRequest, waited >= attempt.stopWait else { return 0 }
    attempt.abandoned = true
    return 1
}

/// libcurl's header callback, which for SMTP is each line the server replies with.
private func readReply(_ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    let length = size * count
    guard let buffer, let context else { return length }
    let attempt = Unmanaged<SMTPTransport.Attempt>.fromOpaque(context).takeUnretainedValue()
    let line = UnsafeRawBufferPointer(start: buffer, count: length)
    // Only a reply's last line ("250 …", not "250-…") is kept; never an AUTH challenge (334),
    // nor the goodbye to the QUIT libcurl sends after a refusal (221), which would hide it.
    // The bytes are looked at first: a String is made only for the line that is kept.
    guard length >= 4 else { return length }
    let code = line[0..<3]
    guard code.allSatisfy((UInt8(ascii: "0")...UInt8(ascii: "9")).contains), line[3] == UInt8(ascii: " "),
        !code.elementsEqual("334".utf8), !code.elementsEqual("221".utf8)
    else { return length }
    var end = min(length, 300)
    while end > 0, line[end - 1] == 10 || line[end - 1] == 13 { end -= 1 }
    attempt.lastReply.removeAll(keepingCapacity: true)
    attempt.lastReply += line[0..<end]
    return length
}
