import CCurl
import DigestCore
import DigestMail
import Foundation

/// An IMAP mailbox (`imaps://host/MAILBOX`, or `imap://` with STARTTLS, required off
/// loopback), through libcurl. Messages are known by `UIDVALIDITY/UID`, stable across
/// sessions while the server keeps the UIDVALIDITY. A message is fetched by UID (libcurl's
/// own FETCH, which returns the whole literal and sets `\Seen`): a message that was unseen
/// has `\Seen` taken off again unless it is moved (``InboxIntake`` records it before the
/// fetch, so a kill in between is mended by the next run), and what the intake does not act
/// on looks as it did. A message acted on is moved with `UID MOVE`, or, where the server lacks MOVE,
/// copied and given the keyword `$DigestDone` (never `\Deleted`).
/// Credentials come from `DIGEST_IMAP_USER` and `DIGEST_IMAP_PASSWORD` or a netrc file and
/// are never printed.
public final class ImapInbox: InboxSource {
    public let url: String
    public let doneFolder: String
    private let handle: UnsafeMutableRawPointer
    private let errorText = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
    private var uidValidity = ""
    private var unseenUIDs: Set<String> = []
    private var canMove = false
    /// How long the session's end waits for the server's reply to LOGOUT, in seconds.
    private let logoutTimeout: Int
    /// The most new bytes of a message one FETCH asks for.
    private let fetchChunk: Int
    /// The longest UID set one command names, in characters.
    private let setLength: Int
    /// The most bytes a command's answer (the mailbox's listing) may hold.
    private let replyLimit: Int
    /// How many bytes already read each piece after the first begins with.
    private static let overlap = 16

    /// Opens a session to `url` (checked by ``DigestCore/InboxURL``).
    /// - Parameters:
    ///   - silenceLimit: the time, in seconds, each command's whole reply may take (libcurl
    ///     counts from the command), and the longest the server may send nothing in the
    ///     middle of a message (a minute); then the request fails.
    ///   - logoutTimeout: how long the end of the session waits for the server to answer
    ///     LOGOUT (10 s); libcurl alone would wait its whole reply timeout.
    ///   - fetchChunk: the most new bytes of a message one FETCH asks for (256 KiB): a
    ///     message is read in pieces, each of which must come within `silenceLimit`, so a link
    ///     a little faster than `fetchChunk / silenceLimit` (4.4 KB/s) brings a message's
    ///     first 4 MB, where one FETCH would need 70 KB/s.
    ///   - setLength: the longest set of UIDs one STORE, MOVE or COPY names (4,000
    ///     characters), so that no command line passes what servers take.
    ///   - replyLimit: the most bytes a command's answer may hold (16 MiB: the listing of
    ///     some 400,000 messages); a longer one fails the run, saying so.
    public init(
        url: String, doneFolder: String, environment: [String: String], silenceLimit: Int = 60, logoutTimeout: Int = 10,
        fetchChunk: Int = 256 * 1024, setLength: Int = 4_000, replyLimit: Int = 1 << 24
    ) throws(InboxError) {
        self.url = url
        self.doneFolder = doneFolder
        self.logoutTimeout = logoutTimeout
        self.fetchChunk = max(1, fetchChunk)
        self.setLength = max(1, setLength)
        self.replyLimit = max(1, replyLimit)
        do { try SMTPTransport.load() } catch { throw .source("\(error)") }
        guard let handle = CCurl_easy_init() else { throw .source("libcurl could not start") }
        self.handle = handle
        errorText.initialize(to: 0)
        let loopback = SMTPEndpoint(url: url, allowPlaintext: false).isLoopback
        let implicitTLS = url.lowercased().hasPrefix("imaps://")
        var codes = [
            CCurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorText),
            CCurl_setopt_long(handle, CURLOPT_USE_SSL, Int((implicitTLS || !loopback ? CURLUSESSL_ALL : CURLUSESSL_TRY).rawValue)),
            CCurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT, 10),
            CCurl_setopt_long(handle, CURLOPT_SERVER_RESPONSE_TIMEOUT, silenceLimit),
            // A message comes in libcurl's transfer phase, where the reply timeout is not looked
            // at: a server that stopped in the middle of one held the run for good.
            CCurl_setopt_long(handle, CURLOPT_LOW_SPEED_LIMIT, 1),
            CCurl_setopt_long(handle, CURLOPT_LOW_SPEED_TIME, silenceLimit),
            CCurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1),
            CCurl_setopt_write_function(handle, ImapInbox.collect),
        ]
        if let user = environment["DIGEST_IMAP_USER"], !user.isEmpty {
            codes.append(CCurl_setopt_string(handle, CURLOPT_USERNAME, user))
            codes.append(CCurl_setopt_string(handle, CURLOPT_PASSWORD, environment["DIGEST_IMAP_PASSWORD"] ?? ""))
        } else {
            let netrc = environment["NETRC"] ?? environment["HOME"].map { $0 + "/.netrc" }
            if let netrc, FileManager.default.fileExists(atPath: netrc) {
                codes.append(CCurl_setopt_long(handle, CURLOPT_NETRC, Int(CURL_NETRC_OPTIONAL.rawValue)))
                codes.append(CCurl_setopt_string(handle, CURLOPT_NETRC_FILE, netrc))
            }
        }
        if let authorities = environment["DIGEST_IMAP_CA_FILE"] {
            codes.append(CCurl_setopt_string(handle, CURLOPT_CAINFO, authorities))
        }
        if let bad = codes.first(where: { $0 != CURLE_OK }) {
            throw .source("libcurl refused an option: \(String(cString: CCurl_easy_strerror(bad)))")
        }
    }

    /// Ends the session: libcurl says LOGOUT and waits for the reply, at most `logoutTimeout`
    /// (a server stalled at the end held every run a minute, its reply timeout).
    deinit {
        SocketWatchdog.cleanUp(handle, waitingAtMost: Double(logoutTimeout))
        errorText.deallocate()
    }

    /// The host and mailbox, without credentials (the URL never holds any).
    public var stateName: String { "imap:" + url.split(separator: "/", omittingEmptySubsequences: true).dropFirst().joined(separator: "/") }

    /// The mailbox's name, from the URL's path.
    private var mailbox: String {
        let path = URLComponents(string: url)?.path ?? "/INBOX"
        return String(path.dropFirst()).removingPercentEncoding ?? String(path.dropFirst())
    }

    private static let collect: CCurl_io_callback = { buffer, size, count, context in
        guard let buffer, let context else { return 0 }
        let sink = Unmanaged<Sink>.fromOpaque(context).takeUnretainedValue()
        let length = size * count
        let room = max(0, sink.limit - sink.bytes.count)
        buffer.withMemoryRebound(to: UInt8.self, capacity: length) {
            sink.bytes += UnsafeBufferPointer(start: $0, count: min(length, room))
        }
        if length > room { sink.overflowed = true }
        return length
    }

    final class Sink {
        var bytes: [UInt8] = []
        let limit: Int
        /// Whether the server sent more than `limit` bytes, and the rest was dropped.
        var overflowed = false
        init(limit: Int) { self.limit = limit }
    }

    /// Runs one request: `command` (a custom IMAP command on the mailbox) or, when `nil`,
    /// a fetch of `target` (`;UID=5`), of which the first `limit` bytes are kept. Returns
    /// what the server sent back; a command's answer longer than `replyLimit` is an error,
    /// not a list cut short at a byte (whose last line would name a wrong UID).
    private func perform(_ command: String?, target: String = "", limit: Int? = nil) throws(InboxError) -> [UInt8] {
        let sink = Sink(limit: limit ?? replyLimit)
        let context = Unmanaged.passUnretained(sink).toOpaque()
        errorText[0] = 0
        let base = url.hasSuffix("/") ? String(url.dropLast()) : url
        _ = CCurl_setopt_string(handle, CURLOPT_URL, base + target)
        _ = CCurl_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
        if let command {
            _ = CCurl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, command)
        } else {
            _ = CCurl_setopt_pointer(handle, CURLOPT_CUSTOMREQUEST, nil)
        }
        let code = withExtendedLifetime(sink) { CCurl_easy_perform(handle) }
        guard code == CURLE_OK else {
            let detail = String(cString: errorText)
            throw .source(
                "\(stateName): \(command.map { "\($0.split(separator: " ").prefix(2).joined(separator: " ")) " } ?? "fetch ")failed: \(detail.isEmpty ? String(cString: CCurl_easy_strerror(code)) : detail)"
            )
        }
        if sink.overflowed, let command {
            let verb = command.split(separator: " ").prefix(2).joined(separator: " ")
            throw .source(
                "\(stateName): the answer to \(verb) is over \(replyLimit.grouped) bytes, more than digest reads (a mailbox of some \((replyLimit / 40).grouped) messages lists that much); move older messages to another folder and run again"
            )
        }
        return sink.bytes
    }

    /// The untagged response lines of `bytes`.
    private static func lines(_ bytes: [UInt8]) -> [String] {
        String(decoding: bytes, as: UTF8.self).split(whereSeparator: { $0 == "\r\n" || $0 == "\n" }).map(String.init)
    }

    private static func quoted(_ mailbox: String) -> String {
        "\"" + mailbox.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    public func messageIDs() throws(InboxError) -> [String] {
        let capability = try perform("CAPABILITY")
        canMove = Self.lines(capability).contains { $0.uppercased().split(separator: " ").contains("MOVE") }
        let status = Self.lines(try perform("STATUS \(Self.quoted(mailbox)) (UIDVALIDITY)")).joined(separator: " ")
        guard let range = status.range(of: "UIDVALIDITY ") else { throw .source("\(stateName): the server gave no UIDVALIDITY") }
        uidValidity = String(status[range.upperBound...].prefix { $0.isNumber })
        var uids: [String] = []
        unseenUIDs = []
        for line in Self.lines(try perform("UID FETCH 1:* (FLAGS)")) where line.hasPrefix("* ") {
            guard let uidRange = line.range(of: "UID ") else { continue }
            let uid = String(line[uidRange.upperBound...].prefix { $0.isNumber })
            guard !uid.isEmpty else { continue }
            uids.append(uid)
            if !line.contains("\\Seen") { unseenUIDs.insert(uid) }
        }
        return uids.sorted { (Int($0) ?? 0) < (Int($1) ?? 0) }.map { "\(uidValidity)/\($0)" }
    }

    private static func uid(_ id: String) -> String { String(id.split(separator: "/").last ?? "") }

    /// The first `limit` bytes of the message, and no more fetched: partial FETCHes
    /// (`BODY[]<offset.length>`), so a huge message costs a run no more time than its first
    /// bytes, each bringing at most `fetchChunk` new bytes, so a slow link brings a big
    /// message piece by piece where one FETCH would outlast its reply timeout.
    ///
    /// Each piece after the first begins a few bytes back, on the last ones already read: no
    /// FETCH starts past the message's end, whatever size a server states (some answer such
    /// a FETCH with an empty quoted string, which libcurl cannot read), a piece that brings
    /// nothing new ends the message, and a server that does not start where asked is caught
    /// by those bytes: the message is then fetched in one piece, as it would be without them.
    public func read(_ id: String, limit: Int) throws(InboxError) -> [UInt8] {
        let uid = Self.uid(id)
        let wanted = max(1, limit)
        func fetch(from offset: Int, length: Int) throws(InboxError) -> [UInt8] {
            try perform(nil, target: ";UID=\(uid);PARTIAL=\(offset).\(length)", limit: length)
        }
        let first = min(fetchChunk, wanted)
        var message = try fetch(from: 0, length: first)
        // A piece shorter than asked for ends the message.
        var ended = message.count < first
        while !ended && message.count < wanted {
            let overlap = min(Self.overlap, message.count)
            let length = min(fetchChunk, wanted - message.count) + overlap
            let piece = try fetch(from: message.count - overlap, length: length)
            guard piece.count >= overlap, piece.prefix(overlap).elementsEqual(message.suffix(overlap)) else {
                return try fetch(from: 0, length: wanted)
            }
            message += piece.dropFirst(overlap)
            ended = piece.count < length
        }
        return message
    }

    public func unseen() -> Set<String> { Set(unseenUIDs.map { "\(uidValidity)/\($0)" }) }

    public func markUnseen(_ ids: [String]) throws(InboxError) {
        let uids = ids.filter { $0.hasPrefix("\(uidValidity)/") }.map(Self.uid)
        for set in Self.uidSets(uids, longest: setLength) {
            _ = try perform("UID STORE \(set) -FLAGS.SILENT (\\Seen)")
        }
    }

    public func moveToDone(_ ids: [String]) throws(InboxError) {
        guard !ids.isEmpty else { return }
        // Made once; an existing folder is no error.
        _ = try? perform("CREATE \(Self.quoted(doneFolder))")
        // In several commands when the set is long: a run killed between them has recorded
        // every message as done, and the next one moves what is left.
        for set in Self.uidSets(ids.map(Self.uid), longest: setLength) {
            if canMove {
                _ = try perform("UID MOVE \(set) \(Self.quoted(doneFolder))")
            } else {
                _ = try perform("UID COPY \(set) \(Self.quoted(doneFolder))")
                _ = try perform("UID STORE \(set) +FLAGS.SILENT ($DigestDone)")
            }
        }
    }

    /// `uids` as IMAP sequence sets (`3:7,9,12:40`), in order and each at most `longest`
    /// characters (unless one number is longer): a run of a thousand bounces is one short
    /// command, not a line of seven thousand characters that a server may refuse (RFC 7162
    /// asks servers to take lines of 8,192 octets, no more).
    static func uidSets(_ uids: [String], longest: Int) -> [String] {
        let numbers = Set(uids.compactMap { UInt64($0) }).sorted()
        var runs: [String] = []
        var index = numbers.startIndex
        while index < numbers.endIndex {
            var end = index
            // Told by the difference, which cannot overflow as the next number could.
            while end + 1 < numbers.endIndex && numbers[end + 1] - numbers[end] == 1 { end += 1 }
            runs.append(end == index ? "\(numbers[index])" : "\(numbers[index]):\(numbers[end])")
            index = end + 1
        }
        var sets: [String] = []
        for run in runs {
            if let last = sets.last, last.utf8.count + 1 + run.utf8.count <= longest {
                sets[sets.count - 1] = last + "," + run
            } else {
                sets.append(run)
            }
        }
        return sets
    }

    public func describe(_ id: String) -> String { "\(stateName) UID \(Self.uid(id))" }
}
