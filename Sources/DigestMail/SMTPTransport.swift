import CCurl
import DigestCore
import Foundation

/// Sends messages over SMTP through libcurl: `connections` threads, each driving one easy
/// handle whose connection is kept open and reused for its next message, one recipient per
/// message, at most `rate` messages a second in all, and temporary failures tried again
/// after a growing, jittered wait.
///
/// A thread per connection rather than libcurl's multi interface: libcurl's SMTP waits for
/// the reply to the final dot with a blocking call in the transfer's done phase, which
/// holds a whole multi loop for a round trip, so K connections on one multi handle went
/// little faster than one as soon as the server was a few milliseconds away.
public final class SMTPTransport: Transport {
    public let server: SMTPEndpoint
    /// The envelope sender (MAIL FROM).
    public let sender: String
    public let connections: Int
    /// Messages per second at most, across all connections; `nil` for no limit.
    public let rate: Double?
    public let retry: RetryPolicy
    /// Refusals in a row with nothing accepted between them that mean the server refuses
    /// the sender or the message rather than the readers, and stop the send.
    public let refusalLimit: Int

    public init(
        server: SMTPEndpoint, sender: String, connections: Int = 1, rate: Double? = nil, retry: RetryPolicy = RetryPolicy(),
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
        let session = Session(transport: self, source: source, stop: stop)
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
        let order: Int
        let source: DeliverySource
        let recipients: UnsafeMutablePointer<curl_slist>?
        /// The send's stop request, and how long after it the message is given up.
        let stop: StopSignal
        let stopWait: Double
        /// Whether it was given up, a stop having waited its longest for it.
        var abandoned = false

        init(message: OutgoingMessage, tries: Int, order: Int, source: DeliverySource, stop: StopSignal, stopWait: Double) {
            self.message = message
            self.tries = tries
            self.order = order
            self.source = source
            self.stop = stop
            self.stopWait = stopWait
            recipients = CCurl_slist_append(nil, "<\(message.recipient)>")
        }

        deinit { CCurl_slist_free_all(recipients) }
    }

    /// The send's source, called by one thread at a time: the connections' threads share
    /// it, and a source need not be safe to call from several at once. A source that is
    /// (the send job) is called without the lock: its calls write journal lines and make
    /// messages, and K connections queueing behind one lock for each of them cost a send at
    /// K = 4 a tenth of its rate in waits and thread switches.
    // Unchecked: `inner` is not Sendable; it is called only under `lock`, or without it
    // when it says it takes calls from several threads at once (`takesCallsConcurrently`).
    final class SerializedSource: DeliverySource, @unchecked Sendable {
        let inner: DeliverySource
        private let lock: NSLock?

        init(_ inner: DeliverySource) {
            self.inner = inner
            lock = inner.takesCallsConcurrently ? nil : NSLock()
        }

        func next() throws -> OutgoingMessage? {
            lock?.lock()
            defer { lock?.unlock() }
            return try inner.next()
        }

        func willCommit(_ message: OutgoingMessage) throws {
            lock?.lock()
            defer { lock?.unlock() }
            try inner.willCommit(message)
        }

        func finished(_ message: OutgoingMessage, _ outcome: DeliveryOutcome) throws {
            lock?.lock()
            defer { lock?.unlock() }
            try inner.finished(message, outcome)
        }
    }

    /// One connection: an easy handle, kept with its connection from message to message,
    /// and the buffer for its libcurl error text (`RCPT failed: 550`), which names the stage
    /// a refusal came at. Only its own thread uses it.
    // Unchecked: a libcurl easy handle and its error buffer are C pointers that one
    // connection's thread alone uses, from the lane's making to its end.
    final class Lane: @unchecked Sendable {
        let handle: UnsafeMutableRawPointer
        let errorText: UnsafeMutablePointer<CChar>
        let quitTimeout: Int
        private var isClosed = false

        init(configuredBy session: Session) throws {
            guard let handle = CCurl_easy_init() else { throw DeliveryFailure("libcurl could not start") }
            self.handle = handle
            quitTimeout = session.transport.server.quitTimeout
            errorText = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
            errorText.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
            if let problem = session.configure(handle) { throw DeliveryFailure(problem) }
            _ = CCurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorText)
        }

        /// Ends the connection: libcurl says QUIT and waits for the server's reply, a round
        /// trip, at most the endpoint's QUIT timeout. Each connection's thread closes its own
        /// lane as it ends, so that K connections to a relay far away say goodbye at once, not
        /// one round trip after another.
        func close() {
            guard !isClosed else { return }
            isClosed = true
            SocketWatchdog.cleanUp(handle, waitingAtMost: Double(quitTimeout))
        }

        deinit {
            close()
            errorText.deallocate()
        }
    }

    /// One send: a thread per connection, each taking the next message when its last is
    /// settled, and the state they share (retries due, refusals held back, the rate, how
    /// the send ends), guarded by `condition`.
    // Unchecked: the variables are read and written with `condition` held, and threads wait
    // on it with a timeout (a retry falling due, the rate), which Synchronization's Mutex
    // cannot do.
    final class Session: @unchecked Sendable {
        let transport: SMTPTransport
        let source: SerializedSource
        let stop: StopSignal
        /// Guards every variable below; a thread waiting for a retry to fall due or for the
        /// rate to allow a message waits on it.
        let condition = NSCondition()
        var waiting: [WaitingMessage] = []
        /// Refusals held back while a run of them lasts.
        var refusals: RefusalRun
        /// Transfers started so far; each attempt knows its place in this order.
        var started = 0
        var nextStart = 0.0
        static let rateSlack = 0.05
        var sourceDone = false
        /// Whether a thread is fetching the next message ahead of the rate's slot.
        var fetchingAhead = false
        var failure: DeliveryFailure?
        var sourceError: Error?
        /// Signalled by each connection thread as it takes its last message. The thread that
        /// runs the send waits on it rather than on `condition`, which every settled message
        /// broadcasts: woken for each message only to wait again, it cost a send at K = 1 two
        /// thread switches and as many lock hand-offs a message.
        let ended = DispatchSemaphore(value: 0)
        /// Signalled by each connection thread once its connection is closed.
        let closed = DispatchSemaphore(value: 0)

        init(transport: SMTPTransport, source: DeliverySource, stop: StopSignal) {
            self.transport = transport
            self.source = SerializedSource(source)
            self.stop = stop
            refusals = RefusalRun(limit: transport.refusalLimit)
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
                // The body goes out in libcurl's transfer phase, where the reply timeout does not
                // hold: a server that stopped reading held the connection for good. Less than a
                // byte a second for as long as a reply may take gives the message up instead
                // (after that time and the few seconds libcurl averages the speed over). The
                // wait for the final dot's reply checks the speed too, but the reply timeout,
                // counted from the dot, always ends it first.
                CCurl_setopt_long(handle, CURLOPT_LOW_SPEED_LIMIT, 1),
                CCurl_setopt_long(handle, CURLOPT_LOW_SPEED_TIME, server.responseTimeout),
                CCurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1),
                CCurl_setopt_read_function(handle, readMessage),
                CCurl_setopt_header_function(handle, readReply),
                // libcurl waits for the reply to the final dot inside one call; its progress
                // callback, called each second of that wait, is how a stop gives the message
                // up on time.
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

        /// (With the lock held.)
        var stopping: Bool { failure != nil || sourceError != nil || stop.isRequested }

        func run() throws {
            // Every handle is made and set up first, so that a bad option stops the send
            // before any message goes; each connects on its first message, in parallel.
            let lanes = try (0..<transport.connections).map { _ in try Lane(configuredBy: self) }
            for lane in lanes {
                let thread = Thread { [self] in
                    while let attempt = take() { send(attempt, on: lane) }
                    ended.signal()
                    lane.close()
                    closed.signal()
                }
                thread.name = "digest SMTP connection"
                thread.start()
            }
            for _ in lanes { ended.wait() }
            // What the connections' threads left, read under the lock they wrote it with.
            condition.lock()
            // What could not be tried: waiting retries, and refusals held back while a run of them lasted.
            let reason =
                failure.map { "not sent: the send stopped (\($0.message))" } ?? "not sent: the send was stopped before its next try"
            for item in waiting { report(item.message, .deferred(reason: reason + item.untriedNote)) }
            waiting = []
            // Held refusals count as refusals only when the send ran to its end: stopped by
            // a failure or by Ctrl-C, they are sent again next time.
            for (message, outcome) in refusals.release(
                asDeferred: failure != nil || stop.isRequested ? reason : nil, server: transport.server.displayName)
            {
                report(message, outcome)
            }
            unlockAndReport()
            // The leftovers are journaled before the goodbyes are waited for: a server slow
            // to answer QUIT delays the end of the send, not the record of who was not sent.
            for _ in lanes { closed.wait() }
            condition.lock()
            defer { condition.unlock() }
            if let sourceError { throw sourceError }
            if let failure { throw failure }
        }

        /// The next message for a connection as soon as the rate allows: a retry whose time
        /// has come, or the next new message; `nil` when none is left or the send stops.
        func take() -> Attempt? {
            condition.lock()
            defer { condition.unlock() }
            while true {
                guard !stopping, !(sourceDone && waiting.isEmpty) else { return nil }
                let time = now
                // At most a tenth of a second between looks, to notice a stop.
                var wakeAt = time + 0.1
                if transport.rate != nil, time < nextStart {
                    // The next new message is fetched while the rate's slot is waited for, so
                    // that a list that has ended ends the send now, not an interval later.
                    if !sourceDone, !fetchingAhead, !waiting.contains(where: { $0.tries == 0 }) {
                        fetchingAhead = true
                        condition.unlock()
                        let fetched = fetch()
                        condition.lock()
                        fetchingAhead = false
                        if case .success(let message?) = fetched {
                            waiting.append(WaitingMessage(message: message, tries: 0, due: nextStart))
                        } else {
                            finishSource(fetched)
                        }
                        continue
                    }
                    wakeAt = min(wakeAt, nextStart)
                } else if let index = waiting.firstIndex(where: { $0.due <= time }) {
                    let item = waiting.remove(at: index)
                    return begin(item.message, tries: item.tries + 1, at: time)
                } else if !sourceDone {
                    // The rate's slot is taken before the source is asked, with the lock let
                    // go meanwhile: threads asking at once must not all pass the rate.
                    reserveStart(at: time)
                    condition.unlock()
                    let fetched = fetch()
                    condition.lock()
                    if case .success(let message?) = fetched { return begin(message, tries: 1, at: nil) }
                    finishSource(fetched)
                    continue
                } else {
                    for item in waiting { wakeAt = min(wakeAt, item.due) }
                }
                condition.wait(until: Date(timeIntervalSinceNow: max(0.001, wakeAt - time)))
            }
        }

        /// Notes that the source has nothing more, or failed (with the lock held).
        func finishSource(_ fetched: Result<OutgoingMessage?, Error>) {
            sourceDone = true
            if case .failure(let error) = fetched, sourceError == nil { sourceError = error }
            condition.broadcast()
        }

        /// The next new message from the source, a reader whose address cannot go into RCPT
        /// TO being refused on the way (without the lock).
        func fetch() -> Result<OutgoingMessage?, Error> {
            Result { try source.nextDeliverable() }
        }

        /// A token bucket 50 ms deep: a thread's wait ends in its own time, so a strict
        /// interval would fall short of a high rate; a start that came late lets the next
        /// ones catch up, never more than 50 ms' worth at once (with the lock held).
        func reserveStart(at time: Double) {
            if let rate = transport.rate { nextStart = max(nextStart, time - Self.rateSlack) + 1 / rate }
        }

        /// Numbers a transfer about to start (with the lock held); `time` when its rate slot
        /// is still to be taken.
        func begin(_ message: OutgoingMessage, tries: Int, at time: Double?) -> Attempt {
            if let time { reserveStart(at: time) }
            started += 1
            return Attempt(message: message, tries: tries, order: started, source: source, stop: stop, stopWait: transport.stopWait)
        }

        /// Sends one message on `lane`'s connection, waiting for the server's last reply, and
        /// settles it.
        func send(_ attempt: Attempt, on lane: Lane) {
            let handle = lane.handle
            lane.errorText[0] = 0
            let context = Unmanaged.passUnretained(attempt).toOpaque()
            _ = CCurl_setopt_slist(handle, CURLOPT_MAIL_RCPT, attempt.recipients)
            _ = CCurl_setopt_pointer(handle, CURLOPT_READDATA, context)
            _ = CCurl_setopt_pointer(handle, CURLOPT_HEADERDATA, context)
            _ = CCurl_setopt_pointer(handle, CURLOPT_XFERINFODATA, context)
            let result = CCurl_easy_perform(handle)
            // The attempt lives for this transfer only, so no callback is left pointing at it.
            // (The QUIT at the connection's close goes through libcurl's own handle, whose
            // callbacks are not these: measured, not promised by libcurl.)
            _ = CCurl_setopt_pointer(handle, CURLOPT_READDATA, nil)
            _ = CCurl_setopt_pointer(handle, CURLOPT_HEADERDATA, nil)
            _ = CCurl_setopt_pointer(handle, CURLOPT_XFERINFODATA, nil)
            if result != CURLE_OK {
                // libcurl may keep a connection whose reply timed out; a late reply would
                // then answer the next reader's MAIL FROM. A failed transfer's connection
                // is shut here, so libcurl finds it dead and opens another.
                var socket: curl_socket_t = CURL_SOCKET_BAD
                if CCurl_getinfo_socket(handle, &socket) == CURLE_OK, socket != CURL_SOCKET_BAD {
                    shutdown(socket, Int32(SHUT_RDWR))
                }
            }
            var code = 0
            _ = CCurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
            let errorText = result == CURLE_OK ? "" : String(cString: lane.errorText)

            condition.lock()
            if attempt.abandoned {
                report(attempt.message, abandoned(attempt))
            } else if let error = attempt.commitError {
                if sourceError == nil { sourceError = error }
                report(attempt.message, .deferred(reason: "not sent: its intent could not be journaled"))
            } else {
                // The reply text only when it is the reply the code came from.
                let reply = Self.reply(attempt.lastReply, answering: code)
                let stage = result == CURLE_OK ? .endOfData : SMTPStage.from(curlError: errorText, handedOver: attempt.handedOver)
                let verdict = SMTPVerdict.judge(
                    result: result, code: code, reply: reply, handedOver: attempt.handedOver, stage: stage,
                    server: transport.server.displayName)
                settle(attempt, verdict)
            }
            unlockAndReport()
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
                if failure == nil {
                    for (refused, outcome) in refusals.proven(byAcceptanceOf: attempt.order) { report(refused, outcome) }
                }
                report(message, .accepted(reply: reply))
            case .refused(let reply):
                if let stop = refusals.hold(message, reply: reply, started: started, server: transport.server.displayName) {
                    fail(stop)
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
                waiting.append(WaitingMessage(message: message, tries: attempt.tries, due: now + delay))
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

        /// Outcomes settled, not yet told to the source (with the lock held).
        var unreported: [(message: OutgoingMessage, outcome: DeliveryOutcome)] = []

        /// Settles `message` with `outcome`: the source hears of it from ``unlockAndReport()``
        /// (with the lock held).
        func report(_ message: OutgoingMessage, _ outcome: DeliveryOutcome) {
            unreported.append((message, outcome))
        }

        /// Lets the lock go, then tells the source the outcomes settled under it. Each is a
        /// journal line, a `write(2)`: written with the lock held, the K connections queued
        /// behind one another's writes (called with the lock held; returns without it).
        func unlockAndReport() {
            let outcomes = unreported
            unreported = []
            // A retry may now be waiting, or the send stopping: threads waiting look again.
            condition.broadcast()
            condition.unlock()
            for (message, outcome) in outcomes {
                do {
                    try source.finished(message, outcome)
                } catch {
                    condition.lock()
                    if sourceError == nil { sourceError = error }
                    condition.unlock()
                }
            }
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
