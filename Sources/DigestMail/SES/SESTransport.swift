import CCurl
import DigestCore
import Foundation
import Synchronization

/// Sends messages through Amazon SES's API v2 (`SendEmail` with `Content.Raw`) over HTTPS,
/// with libcurl's multi interface: `connections` requests in flight on one thread, their
/// connections kept alive from message to message, each request signed by libcurl's AWS
/// Signature V4. One reader per message, at most `rate` messages a second (or the account's
/// rate, when lower), throttling and server errors tried again after a growing wait.
///
/// SES's API has no idempotency key: a request whose whole body went out and whose answer
/// was lost may have been sent, so its reader is uncertain, never sent again by itself.
/// Its intent is journaled in libcurl's pre-request callback, just before the request goes
/// out on its connection, which is also where a request libcurl would send a second time
/// (it does so by itself when a reused connection closes without an answer) is stopped.
public final class SESTransport: Transport {
    public let service: SESService
    /// `FromEmailAddress`: the sender address, which SES checks against the account's verified identities.
    public let sender: String
    public let connections: Int
    /// Messages per second the editor allows; `nil` for no limit of their own.
    public let requestedRate: Double?
    public let retry: RetryPolicy
    /// Waits longer than this that SES asks for (`Retry-After`) defer the message instead.
    public let longestRetryAfter: Double
    /// Refusals in a row, with no message taken between, that stop the send as SES refusing
    /// the sender or the message rather than the readers (as the SMTP route's).
    public let refusalLimit: Int
    /// A stop waits for the answers to the requests in flight at most this long, or the
    /// request timeout if shorter.
    public let longestStopWait: Double

    /// The account's quota, once ``prepare(messages:)`` has read it.
    public private(set) var quota: SESQuota?
    /// The pace of the send: the editor's rate, or the account's when lower.
    public private(set) var rate: Double?

    /// libcurl's multi handle, made by the first request (GetAccount) and kept until the
    /// transport goes: it holds the connections, so the send's first request goes on the
    /// connection GetAccount opened rather than open (and, over HTTPS, handshake) another.
    private var multiHandle: UnsafeMutableRawPointer?

    deinit {
        // A read ahead still under way (a send stopped before it needed the quota) is not
        // waited for: it lets go of the multi handle itself when its request ends.
        if let multiHandle, quotaReadAhead?.handOver() != true { _ = CCurl_multi_cleanup(multiHandle) }
    }

    /// GetAccount sent ahead (``readQuotaAhead()``), its answer waited for by ``prepare(messages:)``.
    private var quotaReadAhead: QuotaRead?

    /// GetAccount on a thread of its own, through the transport's multi handle: the only user
    /// of the handle until ``answer()`` returns, which the transport waits for before it
    /// touches the handle again.
    final class QuotaRead: @unchecked Sendable {
        // Unchecked: `result` is written once by the reading thread before `done` is
        // signalled, and read only after waiting on `done`; `state` is behind its lock.
        private var result: Result<(CURLcode, SESReply, [UInt8]), Error>?
        private let done = DispatchSemaphore(value: 0)
        /// Whether the request has ended, and whether the transport went before it did,
        /// leaving the multi handle to this thread to clean up.
        private let state = Mutex((ended: false, handedOver: false))

        init(service: SESService, multi: UnsafeMutableRawPointer) {
            let handle = UncheckedPointer(multi)
            let thread = Thread { [self] in
                result = Result { try SESTransport.exchange(service: service, path: SESRequestBody.getAccountPath, on: handle.pointer) }
                let handedOver = state.withLock { state in
                    state.ended = true
                    return state.handedOver
                }
                if handedOver { _ = CCurl_multi_cleanup(handle.pointer) }
                done.signal()
            }
            thread.name = "digest GetAccount"
            thread.start()
        }

        /// Called as the transport goes: `true` when the request is still under way, and the
        /// multi handle now this thread's to clean up.
        func handOver() -> Bool {
            state.withLock { state in
                if !state.ended { state.handedOver = true }
                return state.handedOver
            }
        }

        func answer() throws -> (CURLcode, SESReply, [UInt8]) {
            done.wait()
            done.signal()  // for a later wait
            return try result!.get()
        }
    }

    /// The multi handle, carried to the reading thread (libcurl's handles may move between
    /// threads, used by one at a time).
    struct UncheckedPointer: @unchecked Sendable {
        let pointer: UnsafeMutableRawPointer
        init(_ pointer: UnsafeMutableRawPointer) { self.pointer = pointer }
    }

    /// Sends GetAccount now, on a thread of its own, so that its round trip (and over HTTPS the
    /// connection's handshake, which the send then reuses) runs while the send does its other
    /// work (waits for the lint check, opens the journal, counts the list) rather than after
    /// it; ``prepare(messages:)`` takes its answer. Once only; does nothing if libcurl cannot
    /// start (``prepare(messages:)`` then says so).
    public func readQuotaAhead() {
        guard quotaReadAhead == nil, (try? Self.load()) != nil, let multi = try? multi() else { return }
        quotaReadAhead = QuotaRead(service: service, multi: multi)
    }

    /// The read ahead's answer, or GetAccount sent now when there was none.
    func quotaAnswer() throws -> (CURLcode, SESReply, [UInt8]) {
        if let read = quotaReadAhead {
            quotaReadAhead = nil
            return try read.answer()
        }
        return try Self.exchange(service: service, path: SESRequestBody.getAccountPath, on: multi())
    }

    /// The transport's multi handle, made on first use.
    func multi() throws -> UnsafeMutableRawPointer {
        if let multiHandle { return multiHandle }
        guard let made = CCurl_multi_init() else { throw DeliveryFailure("libcurl could not start") }
        _ = CCurl_multi_setopt_long(made, CURLMOPT_MAX_HOST_CONNECTIONS, connections)
        multiHandle = made
        return made
    }

    public init(
        service: SESService, sender: String, connections: Int = 1, rate: Double? = nil, retry: RetryPolicy = RetryPolicy(),
        longestRetryAfter: Double = 900, longestStopWait: Double = 60, refusalLimit: Int = 10
    ) {
        self.refusalLimit = max(1, refusalLimit)
        self.service = service
        self.sender = sender
        self.connections = max(1, connections)
        requestedRate = rate
        self.rate = rate
        self.retry = retry
        self.longestRetryAfter = longestRetryAfter
        self.longestStopWait = longestStopWait
    }

    public var stopWait: Double { min(Double(service.requestTimeout), longestStopWait) }

    /// Opens libcurl, once for every route (``SMTPTransport`` keeps the one setup).
    public static func load() throws { try SMTPTransport.load() }

    /// Reads the account's quota (GetAccount), refuses a send that would pass its 24-hour
    /// limit, and paces the send to its rate. An endpoint that does not answer GetAccount
    /// (moto, a policy that allows sending only) is not an error: the note says so.
    public func prepare(messages: Int) throws -> String? {
        try Self.load()
        let name = service.displayName
        var (result, reply, body) = try quotaAnswer()
        // Throttled or failing for a moment: asked again (twice at most), so that the 24 hours'
        // limit is still checked before anything goes.
        for wait in [1.0, 2.0] {
            let throttled = reply.status == 429 || reply.errorType.map(SESVerdict.throttling.contains) == true
            guard throttled || reply.status >= 500 else { break }
            Thread.sleep(forTimeInterval: min(reply.retryAfter ?? wait, 5))
            (result, reply, body) = try quotaAnswer()
        }
        guard reply.status != 0 else {
            throw DeliveryFailure("cannot reach \(name) to read the account's quota: \(String(cString: CCurl_easy_strerror(result)))")
        }
        let pace =
            requestedRate.map { "the send is paced by --rate alone (\(Self.number($0)) a second)" }
            ?? "the send is not paced (--rate N paces it)"
        guard reply.status == 200, let quota = SESQuota(json: body) else {
            // Refused credentials stop the send; an endpoint or a policy without GetAccount
            // (AccessDenied, NotFound) only leaves the quota unknown.
            if let type = reply.errorType, SESVerdict.refusingEveryone.contains(type), !type.hasPrefix("AccessDenied"),
                type != "NotFoundException"
            {
                throw DeliveryFailure(
                    "\(name) refused the credentials: \(reply.text); check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE), and the clock"
                )
            }
            return "note: \(name) did not answer GetAccount (\(reply.text)), so the account's quota is unknown and \(pace)"
        }
        self.quota = quota
        if let refusal = quota.refusal(messages: messages, service: name) { throw DeliveryFailure(refusal) }
        rate = quota.pace(requestedRate)
        guard let rate, rate != requestedRate else { return nil }
        return
            "note: \(name) allows \(Self.number(quota.maxSendRate)) message\(quota.maxSendRate == 1 ? "" : "s") a second; sending at that rate"
            + SESQuota.duration(of: messages, at: rate)
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// One GET and its answer (GetAccount, before the send) on a handle of its own, driven
    /// through `multi` so that its connection stays there for the send.
    static func exchange(service: SESService, path: String, on multi: UnsafeMutableRawPointer) throws -> (CURLcode, SESReply, [UInt8]) {
        guard let handle = CCurl_easy_init() else { throw DeliveryFailure("libcurl could not start") }
        let headers = service.headers()
        defer {
            CCurl_easy_cleanup(handle)
            CCurl_slist_free_all(headers)
        }
        if let problem = service.configure(handle, path: path, headers: headers) { throw DeliveryFailure(problem) }
        let response = Response()
        let context = Unmanaged.passUnretained(response).toOpaque()
        _ = CCurl_setopt_header_function(handle, collectHeader)
        _ = CCurl_setopt_pointer(handle, CURLOPT_HEADERDATA, context)
        _ = CCurl_setopt_write_function(handle, collectBody)
        _ = CCurl_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
        let result = withExtendedLifetime(response) { perform(handle, on: multi) }
        var status = 0
        _ = CCurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return (result, response.reply(status: status), response.body)
    }

    /// Runs one transfer to its end on `multi`, as `curl_easy_perform` would on a multi handle of its own.
    static func perform(_ handle: UnsafeMutableRawPointer, on multi: UnsafeMutableRawPointer) -> CURLcode {
        guard CCurl_multi_add_handle(multi, handle) == CURLM_OK else { return CURLE_FAILED_INIT }
        defer { _ = CCurl_multi_remove_handle(multi, handle) }
        while true {
            var running: Int32 = 0
            _ = CCurl_multi_perform(multi, &running)
            var left: Int32 = 0
            while let info = CCurl_multi_info_read(multi, &left) {
                if info.pointee.msg == CURLMSG_DONE, info.pointee.easy_handle == handle { return info.pointee.data.result }
            }
            // CURLOPT_TIMEOUT ends the transfer; the poll only waits for its sockets.
            _ = CCurl_multi_poll(multi, 1000)
        }
    }

    public func deliver(from source: DeliverySource, stop: StopSignal) throws {
        try Self.load()
        // A read ahead that prepare(messages:) did not take ends before the send uses the handle.
        if let read = quotaReadAhead {
            quotaReadAhead = nil
            _ = try? read.answer()
        }
        if let problem = EmailAddressCheck.problem(with: sender) {
            throw DeliveryFailure("the sender address \(sender) \(problem); mend sender.address in digest.yaml")
        }
        try Session(transport: self, source: source, stop: stop).run()
    }

    /// What one request's answer said: its headers of interest and its body, the first 64 KB.
    final class Response {
        var errorHeader: String?
        var retryAfterHeader: String?
        var body: [UInt8] = []
        static let longestBody = 65_536

        func reply(status: Int) -> SESReply {
            SESReply(status: status, errorHeader: errorHeader, retryAfterHeader: retryAfterHeader, body: body)
        }
    }

    /// One message being tried: its request's body, kept where libcurl reads it from.
    final class Attempt {
        let message: OutgoingMessage
        /// Tries so far, this one included.
        let tries: Int
        let body: UnsafeMutableBufferPointer<UInt8>
        let response = Response()
        let source: DeliverySource
        /// Times libcurl was about to send the request: more than once means it would resend it.
        var requests = 0
        /// Why the request was held back before going out, if it was.
        var commitError: Error?
        /// Its place among the requests of the send, counting from 1.
        var order = 0

        init(message: OutgoingMessage, tries: Int, sender: String, source: DeliverySource) {
            self.message = message
            self.tries = tries
            self.source = source
            // Written straight into the buffer libcurl reads from: no copy of the body.
            let head = SESRequestBody.sendEmailHead(from: sender, to: message.recipient)
            length = SESRequestBody.sendEmailLength(head: head, raw: message.bytes.count)
            body = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: length)
            SESRequestBody.writeSendEmail(head: head, raw: message.bytes, into: body.baseAddress!)
        }

        let length: Int

        deinit { body.deallocate() }
    }

    /// One connection's easy handle, set up once and given a new request for each message;
    /// the multi handle keeps the connections between them.
    final class Lane {
        let handle: UnsafeMutableRawPointer

        init(service: SESService, headers: UnsafeMutablePointer<curl_slist>?) throws {
            guard let handle = CCurl_easy_init() else { throw DeliveryFailure("libcurl could not start") }
            self.handle = handle
            if let problem = service.configure(handle, path: SESRequestBody.sendEmailPath, headers: headers) {
                CCurl_easy_cleanup(handle)
                throw DeliveryFailure(problem)
            }
            let codes = [
                CCurl_setopt_long(handle, CURLOPT_POST, 1),
                CCurl_setopt_header_function(handle, collectHeader),
                CCurl_setopt_write_function(handle, collectBody),
                CCurl_setopt_prereq_function(handle, beforeRequest),
                // Over HTTP/2, wait for the first connection and share it rather than open K.
                CCurl_setopt_long(handle, CURLOPT_PIPEWAIT, 1),
            ]
            if let bad = codes.first(where: { $0 != CURLE_OK }) {
                CCurl_easy_cleanup(handle)
                throw DeliveryFailure("libcurl refused an option: \(String(cString: CCurl_easy_strerror(bad)))")
            }
        }

        deinit { CCurl_easy_cleanup(handle) }
    }

    /// One send, on the calling thread: a multi handle with up to `connections` requests in
    /// flight, the retries due, the rate, and how the send ends.
    final class Session {
        let transport: SESTransport
        let source: DeliverySource
        let stop: StopSignal
        var waiting: [WaitingMessage] = []
        var active: [UnsafeMutableRawPointer: (lane: Lane, attempt: Attempt)] = [:]
        var idle: [Lane] = []
        var nextStart = 0.0
        static let rateSlack = 0.05
        var sourceDone = false
        var failure: DeliveryFailure?
        var sourceError: Error?
        /// Requests started so far; each attempt knows its place in this order.
        var started = 0
        /// Refusals held back while a run of them lasts: SES may refuse the sender or the
        /// message in words that name each reader.
        var refusals: RefusalRun

        init(transport: SESTransport, source: DeliverySource, stop: StopSignal) {
            self.transport = transport
            name = transport.service.displayName
            self.source = source
            self.stop = stop
            refusals = RefusalRun(limit: transport.refusalLimit)
        }

        var now: Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
        var stopping: Bool { failure != nil || sourceError != nil || stop.isRequested }
        /// The route as reports name it, worked out once: every request's verdict is given it.
        let name: String

        func run() throws {
            let multi = try transport.multi()
            let headers = transport.service.headers()
            defer {
                for (handle, _) in active { _ = CCurl_multi_remove_handle(multi, handle) }
                active = [:]
                idle = []
                CCurl_slist_free_all(headers)
            }
            // Every handle is made first, so that a bad option stops the send before any message goes.
            idle = try (0..<transport.connections).map { _ in try Lane(service: transport.service, headers: headers) }
            while true {
                if let waited = stop.secondsSinceRequest, waited >= transport.stopWait, !active.isEmpty { abandonAll(multi) }
                startTransfers(multi)
                if active.isEmpty && (stopping || (sourceDone && waiting.isEmpty)) { break }
                var running: Int32 = 0
                _ = CCurl_multi_perform(multi, &running)
                let freed = collectFinished(multi)
                if freed && !stopping { continue }
                _ = CCurl_multi_poll(multi, Int32(pollTimeout() * 1000))
            }
            // What could not be tried: the retries still waiting.
            let reason =
                failure.map { "not sent: the send stopped (\($0.message))" } ?? "not sent: the send was stopped before its next try"
            for item in waiting { report(item.message, .deferred(reason: reason + item.untriedNote)) }
            waiting = []
            // Held refusals count as refusals only when the send ran to its end: stopped, they
            // are sent again next time.
            for (message, outcome) in refusals.release(asDeferred: failure != nil || stop.isRequested ? reason : nil, server: name) {
                report(message, outcome)
            }
            if let sourceError { throw sourceError }
            if let failure { throw failure }
        }

        /// Seconds the loop may wait for the network: until a retry falls due or the rate
        /// allows the next start, and at most a tenth of a second, to notice a stop.
        func pollTimeout() -> Double {
            var wait = 0.1
            let time = now
            if !idle.isEmpty && !stopping {
                if transport.rate != nil && nextStart > time { wait = min(wait, nextStart - time) }
                for item in waiting { wait = min(wait, item.due - time) }
            }
            return max(0.001, wait)
        }

        /// Gives each idle connection its next message, as far as the rate allows.
        func startTransfers(_ multi: UnsafeMutableRawPointer) {
            while !idle.isEmpty && !stopping {
                let time = now
                if transport.rate != nil && time < nextStart {
                    // The next new message is fetched while the rate's slot is waited for, so
                    // that a list that has ended ends the send now, not an interval later.
                    guard !sourceDone, !waiting.contains(where: { $0.tries == 0 }) else { return }
                    if case .success(let message?) = fetch() {
                        waiting.append(WaitingMessage(message: message, tries: 0, due: nextStart))
                    }
                    return
                }
                if let index = waiting.firstIndex(where: { $0.due <= time }) {
                    let item = waiting.remove(at: index)
                    start(item.message, tries: item.tries + 1, multi, at: time)
                } else if !sourceDone {
                    if case .success(let message?) = fetch() { start(message, tries: 1, multi, at: now) }
                } else {
                    return
                }
            }
        }

        /// The next new message from the source, a reader whose address cannot go into a
        /// request being refused on the way; once there is none, or the source fails, it is
        /// done.
        func fetch() -> Result<OutgoingMessage?, Error> {
            let fetched = Result { try source.nextDeliverable() }
            switch fetched {
            case .success(.some): break
            case .success(nil): sourceDone = true
            case .failure(let error):
                sourceDone = true
                if sourceError == nil { sourceError = error }
            }
            return fetched
        }

        /// A token bucket 50 ms deep, as the SMTP route's: a start that came late lets the
        /// next ones catch up, never more than 50 ms' worth at once.
        func start(_ message: OutgoingMessage, tries: Int, _ multi: UnsafeMutableRawPointer, at time: Double) {
            if let rate = transport.rate { nextStart = max(nextStart, time - Self.rateSlack) + 1 / rate }
            let lane = idle.removeLast()
            let attempt = Attempt(message: message, tries: tries, sender: transport.sender, source: source)
            started += 1
            attempt.order = started
            let handle = lane.handle
            let context = Unmanaged.passUnretained(attempt).toOpaque()
            let responseContext = Unmanaged.passUnretained(attempt.response).toOpaque()
            _ = CCurl_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(attempt.length))
            _ = CCurl_setopt_pointer(handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(attempt.body.baseAddress))
            _ = CCurl_setopt_pointer(handle, CURLOPT_HEADERDATA, responseContext)
            _ = CCurl_setopt_pointer(handle, CURLOPT_WRITEDATA, responseContext)
            _ = CCurl_setopt_pointer(handle, CURLOPT_PREREQDATA, context)
            active[handle] = (lane, attempt)
            if CCurl_multi_add_handle(multi, handle) != CURLM_OK {
                active[handle] = nil
                idle.append(lane)
                fail("libcurl could not start a request")
                report(message, .deferred(reason: "not sent: libcurl could not start a request"))
            }
        }

        /// Settles every finished request; whether any connection came free.
        func collectFinished(_ multi: UnsafeMutableRawPointer) -> Bool {
            var freed = false
            var left: Int32 = 0
            while let info = CCurl_multi_info_read(multi, &left) {
                guard info.pointee.msg == CURLMSG_DONE, let handle = info.pointee.easy_handle else { continue }
                let result = info.pointee.data.result
                _ = CCurl_multi_remove_handle(multi, handle)
                guard let (lane, attempt) = active.removeValue(forKey: handle) else { continue }
                idle.append(lane)
                freed = true
                finish(attempt, on: handle, result: result)
            }
            return freed
        }

        /// Whether the request's whole body went out on its connection.
        func bodySent(_ attempt: Attempt, on handle: UnsafeMutableRawPointer) -> Bool {
            var uploaded: curl_off_t = 0
            _ = CCurl_getinfo_off_t(handle, CURLINFO_SIZE_UPLOAD_T, &uploaded)
            return attempt.requests > 0 && Int(uploaded) >= attempt.length
        }

        func finish(_ attempt: Attempt, on handle: UnsafeMutableRawPointer, result: CURLcode) {
            if let error = attempt.commitError {
                if sourceError == nil { sourceError = error }
                report(attempt.message, .deferred(reason: "not sent: its intent could not be journaled"))
                return
            }
            var status = 0
            _ = CCurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
            let verdict = SESVerdict.judge(
                result: result, reply: attempt.response.reply(status: status), bodySent: bodySent(attempt, on: handle),
                resent: attempt.requests > 1, sender: transport.sender, recipient: attempt.message.recipient, service: name)
            settle(attempt, verdict)
        }

        /// Gives up the requests in flight once a stop has waited its longest for them: one
        /// whose body went out may have been sent (uncertain), any other was not.
        func abandonAll(_ multi: UnsafeMutableRawPointer) {
            let waited = Int(transport.stopWait)
            for (handle, (lane, attempt)) in active {
                let sent = bodySent(attempt, on: handle)
                _ = CCurl_multi_remove_handle(multi, handle)
                idle.append(lane)
                report(
                    attempt.message,
                    sent
                        ? .uncertain(
                            reason: "the send was stopped and waited \(waited) s for \(name)'s answer to the request; SES may have sent it")
                        : .deferred(reason: "not sent: the send was stopped and waited \(waited) s for \(name)"))
            }
            active = [:]
        }

        func settle(_ attempt: Attempt, _ verdict: SESVerdict) {
            let message = attempt.message
            switch verdict {
            case .accepted(let reply):
                // Only a message that went out after a refusal shows SES still takes mail; one
                // that started before proves nothing about it.
                if failure == nil {
                    for (refused, outcome) in refusals.proven(byAcceptanceOf: attempt.order) { report(refused, outcome) }
                }
                report(message, .accepted(reply: reply))
            case .refused(let reply):
                if let stop = refusals.hold(message, reply: reply, started: started, server: name) { fail(stop) }
            case .retry(let reason, let after):
                let tries = attempt.tries == 1 ? "" : " (\(attempt.tries) tries)"
                guard attempt.tries < transport.retry.attempts, !stopping else {
                    report(message, .deferred(reason: reason + tries))
                    return
                }
                var delay = transport.retry.delay(beforeAttempt: attempt.tries + 1)
                if let after {
                    guard after <= transport.longestRetryAfter else {
                        // `after` may be any number a server wrote, 1e20 or infinity: shown, never made an Int.
                        let wait = after < 1e9 ? "\(Int(after)) s" : "longer than anyone waits"
                        report(message, .deferred(reason: "\(reason); SES asks to wait \(wait) before trying again"))
                        return
                    }
                    delay = max(delay, after)
                }
                waiting.append(WaitingMessage(message: message, tries: attempt.tries, due: now + delay))
            case .uncertain(let reason, let stops):
                if stops { fail(reason + "; it came in answer to the message for \(message.recipient)") }
                report(message, .uncertain(reason: reason))
            case .fatal(let reason):
                fail(reason + "; it came in answer to the message for \(message.recipient)")
                report(message, .deferred(reason: "not sent: \(reason)"))
            }
        }

        func fail(_ reason: String) {
            if failure == nil { failure = DeliveryFailure(reason) }
        }

        func report(_ message: OutgoingMessage, _ outcome: DeliveryOutcome) {
            do {
                try source.finished(message, outcome)
            } catch {
                if sourceError == nil { sourceError = error }
            }
        }
    }
}

/// libcurl's pre-request callback, just before a request goes out on its connection: the
/// intent is journaled the first time; a second time means libcurl would send the same
/// request again by itself, which SES could take twice, so the transfer stops there.
private func beforeRequest(
    _ context: UnsafeMutableRawPointer?, _: UnsafeMutablePointer<CChar>?, _: UnsafeMutablePointer<CChar>?, _: Int32, _: Int32
) -> Int32 {
    guard let context else { return CURL_PREREQFUNC_OK }
    let attempt = Unmanaged<SESTransport.Attempt>.fromOpaque(context).takeUnretainedValue()
    attempt.requests += 1
    guard attempt.requests == 1 else { return CURL_PREREQFUNC_ABORT }
    do {
        try attempt.source.willCommit(attempt.message)
    } catch {
        attempt.commitError = error
        return CURL_PREREQFUNC_ABORT
    }
    return CURL_PREREQFUNC_OK
}

/// libcurl's header callback: keeps `x-amzn-ErrorType` and `Retry-After`, and forgets them
/// at each new status line (an interim `100 Continue`). Every answer's headers pass here,
/// so they are matched as bytes and only a kept value becomes a String.
private func collectHeader(_ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    let length = size * count
    guard let buffer, let context else { return length }
    let response = Unmanaged<SESTransport.Response>.fromOpaque(context).takeUnretainedValue()
    let line = UnsafeRawBufferPointer(start: buffer, count: length)
    if startsWith(line, "HTTP/") {
        response.errorHeader = nil
        response.retryAfterHeader = nil
    } else if startsWith(line, "x-amzn-errortype:") {
        response.errorHeader = headerValue(line, after: 17)
    } else if startsWith(line, "retry-after:") {
        response.retryAfterHeader = headerValue(line, after: 12)
    }
    return length
}

/// Whether `line` starts with `prefix`, its letters in either case (`prefix` in lower case).
private func startsWith(_ line: UnsafeRawBufferPointer, _ prefix: StaticString) -> Bool {
    let count = prefix.utf8CodeUnitCount
    guard line.count >= count else { return false }
    for offset in 0..<count {
        var byte = line[offset]
        if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { byte += 0x20 }
        let wanted = prefix.utf8Start[offset]
        let lowered = wanted >= UInt8(ascii: "A") && wanted <= UInt8(ascii: "Z") ? wanted + 0x20 : wanted
        if byte != lowered { return false }
    }
    return true
}

/// A header's value: what follows its name and colon, blanks and line break trimmed.
private func headerValue(_ line: UnsafeRawBufferPointer, after start: Int) -> String {
    String(decoding: UnsafeRawBufferPointer(rebasing: line[start...]), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}

/// libcurl's write callback: the answer's body, its first 64 KB (an SES answer is far smaller).
private func collectBody(_ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    let length = size * count
    guard let buffer, let context else { return length }
    let response = Unmanaged<SESTransport.Response>.fromOpaque(context).takeUnretainedValue()
    let room = max(0, SESTransport.Response.longestBody - response.body.count)
    response.body += UnsafeRawBufferPointer(start: buffer, count: min(length, room))
    return length
}
