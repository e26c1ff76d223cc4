import DigestCore
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The subscriber list: a CSV file with a header (`address,name,status,subscribed,changed`,
/// and `reason` once any row has one), plain and diffable, written whole or not at all.
public struct SubscriberList: Sendable {
    /// The columns, in order.
    public static let header = ["address", "name", "status", "subscribed", "changed"]
    /// The column written after ``header`` when a row keeps why its status changed. Lists
    /// without it (every list before statuses had reasons) read as before and are written
    /// unchanged until a reason comes.
    public static let reasonColumn = "reason"

    public var subscribers: [Subscriber]

    public init(subscribers: [Subscriber] = []) {
        self.subscribers = subscribers
    }

    /// The subscribers who are mailed.
    public var active: [Subscriber] { subscribers.filter { $0.status == .subscribed } }

    /// A problem with one row, with its line in the file.
    public struct RowProblem: Error, Equatable, Sendable, CustomStringConvertible {
        public var path: String
        public var line: Int
        public var message: String
        public var description: String { "\(path):\(line): error: \(message) [subscribers]" }
    }

    /// Reads a list; bad rows are returned as problems and left out, good rows are kept.
    public static func parse(_ text: String, path: String) -> (list: SubscriberList, problems: [RowProblem]) {
        parse(rows: CSV.rows(text), path: path)
    }

    /// Reads a list from the file's bytes: a row that is not UTF-8 is a bad row.
    public static func parse(_ bytes: [UInt8], path: String) -> (list: SubscriberList, problems: [RowProblem]) {
        parse(rows: CSV.rows(bytes), path: path)
    }

    private static func parse(rows csvRows: [CSV.Row], path: String) -> (list: SubscriberList, problems: [RowProblem]) {
        var list = SubscriberList()
        var problems: [RowProblem] = []
        var rows = RowChecker(path: path)
        for row in csvRows {
            switch rows.check(row) {
            case .subscriber(let subscriber): list.subscribers.append(subscriber)
            case .problem(let problem): problems.append(problem)
            case .skip: break
            }
        }
        return (list, problems)
    }

    /// The list at `url`, read a block at a time: a list of any length costs a block and a
    /// row of memory, plus 12 bytes per reader to find duplicates. The file is opened
    /// once, so a list replaced while a send runs is read as it was when the send began.
    public final class Stream {
        private let handle: FileHandle
        private let path: String
        private var rows = RowChecker(path: "")
        private var reader = CSV.Reader()
        private var ready: [CSV.Row] = []
        private var readyIndex = 0
        private var ended = false
        /// Bytes read so far, and the most a pass may read: after ``rewind()``, what the
        /// first pass read, so rows appended while a send runs wait for the next send.
        private var consumed = 0
        private var limit = Int.max
        /// The bad rows met so far.
        public private(set) var problems: [RowProblem] = []

        public init(url: URL, path: String) throws {
            handle = try FileHandle(forReadingFrom: url)
            self.path = path
            // Room for the duplicate table made once, from the file's size (rows are rarely
            // shorter than 40 bytes), rather than grown by doubling with both tables alive.
            let size = (try? handle.seekToEnd()).map(Int.init) ?? 0
            try handle.seek(toOffset: 0)
            rows = RowChecker(path: path, expectedRows: size / 40)
        }

        deinit { try? handle.close() }

        /// Starts again from the first line, forgetting the problems found. The list was
        /// checked for duplicates on the first pass, so the second keeps no record of them.
        public func rewind() throws {
            try handle.seek(toOffset: 0)
            limit = consumed
            consumed = 0
            rows = RowChecker(path: path, findsDuplicates: false)
            reader = CSV.Reader()
            ready = []
            readyIndex = 0
            ended = false
            problems = []
        }

        /// The next good row; bad rows are added to ``problems`` and skipped.
        public func next() throws -> Subscriber? {
            while true {
                while readyIndex < ready.count {
                    let row = ready[readyIndex]
                    readyIndex += 1
                    switch rows.check(row) {
                    case .subscriber(let subscriber): return subscriber
                    case .problem(let problem): problems.append(problem)
                    case .skip: break
                    }
                }
                guard !ended else { return nil }
                ready.removeAll(keepingCapacity: true)
                readyIndex = 0
                let room = min(1 << 16, limit - consumed)
                if room > 0, let block = try handle.read(upToCount: room), !block.isEmpty {
                    consumed += block.count
                    block.withUnsafeBytes { raw in reader.consume(raw.bindMemory(to: UInt8.self)) { ready.append($0) } }
                } else {
                    reader.finish { ready.append($0) }
                    ended = true
                }
            }
        }
    }

    /// Checks rows one at a time: the header first, then each subscriber.
    struct RowChecker {
        enum Verdict {
            case subscriber(Subscriber)
            case problem(RowProblem)
            case skip
        }

        let path: String
        let findsDuplicates: Bool
        /// Whether the header may be another tool's (an import) or must be digest's own.
        let acceptsOtherFormats: Bool
        /// Where each field is in a row, from the header; `nil` until it is read, or when it is wrong.
        private(set) var format: ListFormat?
        private var headerSeen = false
        /// Each reader's line, by a 64-bit hash of their key, seeded at random for each run
        /// (so nobody can make up two addresses that share one): 12 bytes a reader. Two
        /// addresses sharing 64 bits (about one chance in 10⁹ for a list of 100,000) would be
        /// reported as a duplicate, never mailed twice or skipped in silence.
        private var seen: [Int: Int32] = [:]

        init(path: String, findsDuplicates: Bool = true, expectedRows: Int = 0, acceptsOtherFormats: Bool = false) {
            self.path = path
            self.findsDuplicates = findsDuplicates
            self.acceptsOtherFormats = acceptsOtherFormats
            if findsDuplicates && expectedRows > 0 { seen.reserveCapacity(min(expectedRows, 10_000_000)) }
        }

        mutating func check(_ row: CSV.Row) -> Verdict {
            guard headerSeen else {
                headerSeen = true
                // The reader ends a line at LF or CRLF only: a file whose lines end in a lone
                // CR (a classic Mac export) reads as one long header, its rows as header cells.
                // Refused here, or the list would read as empty and the next change would
                // write it back without its rows.
                if row.fields.contains(where: { $0.utf8.contains(13) }) {
                    return .problem(
                        RowProblem(
                            path: path, line: row.line,
                            message:
                                "the lines end in a lone CR (an old Mac export), so the file reads as one line; save it with LF or CRLF line ends"
                        ))
                }
                if acceptsOtherFormats {
                    switch ListFormat.recognise(row.fields) {
                    case .success(let format): self.format = format
                    case .failure(let error): return .problem(RowProblem(path: path, line: row.line, message: error.description))
                    }
                } else {
                    format = ListFormat.own(row.fields)
                    if format == nil {
                        return .problem(
                            RowProblem(
                                path: path, line: row.line,
                                message: "the first line must be the header \(SubscriberList.header.joined(separator: ","))"))
                    }
                }
                return .skip
            }
            // A list whose header was wrong: every row after it is left out, reported once.
            guard let format else { return .skip }
            if let error = row.error {
                return .problem(RowProblem(path: path, line: row.line, message: error))
            }
            func field(_ place: Int?) -> String {
                place.flatMap { $0 < row.fields.count ? Self.trimmed(row.fields[$0]) : nil } ?? ""
            }
            if row.fields.allSatisfy({ Self.trimmed($0).isEmpty }) { return .skip }
            // A field past the header's last column is a value nobody reads: most often an
            // unquoted comma that moved every later field (a status `unsubscribed` among them).
            if row.fields.count > format.width, row.fields[format.width...].contains(where: { !Self.trimmed($0).isEmpty }) {
                return .problem(
                    RowProblem(
                        path: path, line: row.line,
                        message:
                            "the row has \(row.fields.count) fields but the header names \(format.width); put a field that holds a comma in quotes"
                    ))
            }
            let address = field(format.address)
            let name = format.name(in: field)
            if let problem = Subscriber.problem(address: address, name: name) {
                return .problem(RowProblem(path: path, line: row.line, message: problem))
            }
            var status = format.fixedStatus ?? .subscribed
            for (column, reading) in format.statuses {
                let text = field(column)
                switch format.meaning(of: text, reading: reading) {
                case .status(let meaning)?:
                    // Several status columns: the reader is mailed only if every one says so,
                    // and the strongest suppression wins.
                    if meaning.weight > status.weight { status = meaning }
                case .leftOut(let reason)?:
                    return .problem(
                        RowProblem(
                            path: path, line: row.line,
                            message:
                                "\(address) is \"\(text.controlCharactersShown)\" in \(format.columns[column].controlCharactersShown): \(reason)"
                        ))
                case nil:
                    let message =
                        format.isOwn
                        ? "status \"\(text.lowercased().controlCharactersShown)\" must be subscribed, unsubscribed, bounced or complained"
                        : text.isEmpty
                            ? "\(address) has no \(format.columns[column].controlCharactersShown); digest imports nobody whose status it cannot read"
                            : "\(format.columns[column].controlCharactersShown) \"\(text.controlCharactersShown)\" is not a status digest knows; the row is left out, so write subscribed or unsubscribed"
                    return .problem(RowProblem(path: path, line: row.line, message: message))
                }
            }
            /// The day a date column holds: `nil` when it is empty or, in another tool's list,
            /// cannot be read. (No array of the two columns: this runs for every row.)
            func date(_ column: String, at place: Int?) throws(RowProblem) -> IssueDate? {
                let text = field(place)
                guard !text.isEmpty else { return nil }
                // Other tools write times (2024-01-15T10:00:00.000Z, 2019-03-21 10:12:33):
                // their day is kept, and a date digest cannot read is left out, not refused.
                if let date = format.isOwn ? IssueDate(iso: text) : IssueDate(iso: text.prefix(10)) { return date }
                guard format.isOwn else { return nil }
                throw RowProblem(path: path, line: row.line, message: "the \(column) date \"\(text)\" must be YYYY-MM-DD")
            }
            let dates: (subscribed: IssueDate?, changed: IssueDate?)
            do {
                dates = (try date("subscribed", at: format.subscribed), try date("changed", at: format.changed))
            } catch {
                return .problem(error)
            }
            var reason = field(format.reason)
            // A reason is printed by `digest subscribers list`: a line break in it would forge
            // a row there, an escape sequence would drive the editor's terminal. Another
            // tool's export (a free-text reason a reader typed) is cleaned as digest cleans
            // the reasons it writes; in the list itself, only a hand can have put it there.
            if reason.containsControlCharacter {
                guard acceptsOtherFormats else {
                    return .problem(
                        RowProblem(path: path, line: row.line, message: "the reason contains a line break or control character; remove it"))
                }
                reason = SubscriberList.cleanReason(reason)
            }
            var subscriber = Subscriber(
                address: address, name: name, status: status, subscribed: dates.subscribed, changed: dates.changed, reason: reason)
            subscriber.line = row.line
            guard findsDuplicates else { return .subscriber(subscriber) }
            let digest = subscriber.key.hashValue
            if let earlier = seen[digest] {
                return .problem(
                    RowProblem(
                        path: path, line: row.line,
                        message: "\(address) is already on line \(earlier) (letter case aside, one mailbox); keep one row per address"))
            }
            seen[digest] = Int32(clamping: row.line)
            return .subscriber(subscriber)
        }

        /// `text` without spaces and tabs at either end (no Foundation: this runs for every field).
        static func trimmed(_ text: String) -> String {
            // Most fields neither start nor end with a byte that could begin or end a blank.
            let bytes = text.utf8
            guard let firstByte = bytes.first, let lastByte = bytes.last else { return text }
            switch (firstByte, lastByte) {
            case (0x20, _), (0x09, _), (0xC2, _), (_, 0x20), (_, 0x09), (_, 0xA0): break
            default: return text
            }
            let isBlank: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\u{A0}" }
            let scalars = text.unicodeScalars
            guard let first = scalars.first, let last = scalars.last, isBlank(first) || isBlank(last) else { return text }
            guard let start = scalars.firstIndex(where: { !isBlank($0) }), let end = scalars.lastIndex(where: { !isBlank($0) }) else {
                return ""
            }
            return String(scalars[start...end])
        }
    }

    /// The list as CSV text, header first, one line per subscriber, LF endings.
    public var csv: String {
        let hasReasons = subscribers.contains { !$0.reason.isEmpty }
        var lines = [(Self.header + (hasReasons ? [Self.reasonColumn] : [])).joined(separator: ",")]
        for subscriber in subscribers {
            var fields = [
                subscriber.address, subscriber.name, subscriber.status.rawValue, subscriber.subscribed?.iso ?? "",
                subscriber.changed?.iso ?? "",
            ]
            if hasReasons { fields.append(subscriber.reason) }
            lines.append(fields.map(CSV.quoted).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes the list to `url` whole or not at all (DigestCore's `AtomicFile`): through a symbolic
    /// link, keeping the file's permissions, flushed to disk with its folder. A new list
    /// is readable by its owner alone (`0600`), since it holds readers' addresses.
    /// Not public: every writer goes through ``modify(at:path:whileWaiting:_:)``, which
    /// holds the list's lock, so no later code can write the list without it.
    func write(to url: URL) throws(FileWriteError) {
        try AtomicFile.write(csv, to: url, newFile: .private)
    }

    /// Adds a reader, or subscribes again one who had left; returns what changed. An
    /// address that differs from a row's only in letter case is that row's mailbox: the
    /// spelling first given stays.
    public mutating func add(_ address: String, name: String, on date: IssueDate) throws(SubscriberError) -> String {
        if let problem = Subscriber.problem(address: address, name: name) { throw .invalid(problem) }
        let key = Subscriber(address: address).key
        if let index = subscribers.firstIndex(where: { $0.key == key }) {
            let row = subscribers[index]
            let written = row.address == address ? "" : " as \(row.address)"
            let line = row.line.map { " (line \($0))" } ?? ""
            if row.status == .subscribed { return "\(address) is already subscribed\(written)\(line)" }
            subscribers[index].status = .subscribed
            subscribers[index].changed = date
            subscribers[index].reason = ""
            if !name.isEmpty { subscribers[index].name = name }
            return "subscribed \(row.address) again\(line)"
        }
        subscribers.append(Subscriber(address: address, name: name, status: .subscribed, subscribed: date, changed: date))
        return "subscribed \(address)"
    }

    /// Marks a reader unsubscribed (the row stays, so the history does); returns what
    /// changed. The address is found whatever its letter case.
    public mutating func remove(_ address: String, on date: IssueDate) throws(SubscriberError) -> String {
        let key = Subscriber(address: address).key
        guard let index = subscribers.firstIndex(where: { $0.key == key }) else { throw .notFound(address) }
        let row = subscribers[index]
        let line = row.line.map { " (line \($0))" } ?? ""
        if row.status == .unsubscribed { return "\(row.address) is already unsubscribed\(line)" }
        subscribers[index].status = .unsubscribed
        subscribers[index].changed = date
        subscribers[index].reason = ""
        return "unsubscribed \(row.address)\(line)"
    }

    /// What ``mark(_:as:reason:on:)`` did to a reader.
    public enum Mark: Equatable, Sendable {
        /// The status changed from `from`.
        case changed(address: String, from: SubscriberStatus)
        /// The reader already stood there, or somewhere stronger (a complaint is never
        /// turned into a bounce, a bounce never into an unsubscription).
        case unchanged(address: String, status: SubscriberStatus)
        case notFound
    }

    /// Suppresses the reader whose key is `key` (``Subscriber/key``) as `status`, keeping
    /// `reason` (control characters turned to spaces, at most 200 characters). A status
    /// only ever gets stronger here (``SubscriberStatus/weight``): what the mailbox says
    /// never undoes what the reader or a complaint said; only the editor resubscribes.
    public mutating func mark(_ key: String, as status: SubscriberStatus, reason: String, on date: IssueDate) -> Mark {
        guard let index = subscribers.firstIndex(where: { $0.key == key }) else { return .notFound }
        let row = subscribers[index]
        guard status.weight > row.status.weight else { return .unchanged(address: row.address, status: row.status) }
        subscribers[index].status = status
        subscribers[index].changed = date
        subscribers[index].reason = Self.cleanReason(reason)
        return .changed(address: row.address, from: row.status)
    }

    /// `reason` fit for one CSV field read by a person: one line, printable, bounded.
    static func cleanReason(_ reason: String) -> String {
        let scalars = reason.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) }
        let line = String(scalars).split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        return line.count > 200 ? String(line.prefix(199)) + "…" : line
    }

    /// What ``merge(_:on:path:resubscribe:)`` did.
    public struct MergeSummary: Sendable, Equatable {
        /// Rows added to the list (with the status the file gave them).
        public var added = 0
        /// Readers already on the list, left as they were.
        public var unchanged = 0
        /// Readers subscribed here whom the file marks unsubscribed or bounced, and who are
        /// now marked so here too: their wish to leave is never lost in a move.
        public var stopped = 0
        /// Readers who left here whom the file marks more strongly (a complaint over an
        /// unsubscribe), now marked so here: `--resubscribe` must never bring back a
        /// reader who complained; counted in ``unchanged`` too, since their mail does not change.
        public var strengthened = 0
        /// Rows whose address differs from the list's only in letter case, one line each.
        public var clashes: [String] = []
        /// Readers the file says are subscribed but who left, bounced or complained here, and
        /// stay so (the usual mistake: re-importing an old export); counted in ``unchanged`` too.
        public var keptSuppressed = 0
        /// Readers subscribed again because the import was told to (`--resubscribe`).
        public var resubscribed = 0
    }

    /// Adds the rows of an imported file: new readers with the file's status (dated
    /// `date` when the file gives no date), and readers already here left as they are,
    /// except that a reader the file says left or bounced is no longer mailed. Nobody
    /// who left is subscribed again by an import, unless `resubscribe` says so, and a
    /// reader who complained never is.
    public mutating func merge(_ incoming: [Subscriber], on date: IssueDate, path: String, resubscribe: Bool = false) -> MergeSummary {
        var summary = MergeSummary()
        var index: [String: Int] = [:]
        for (place, subscriber) in subscribers.enumerated() { index[subscriber.key] = place }
        for var subscriber in incoming {
            let key = subscriber.key
            guard let place = index[key] else {
                subscriber.subscribed = subscriber.subscribed ?? date
                subscriber.changed = subscriber.changed ?? date
                subscriber.line = nil
                index[key] = subscribers.count
                subscribers.append(subscriber)
                summary.added += 1
                continue
            }
            let row = subscribers[place]
            if row.address != subscriber.address {
                summary.clashes.append(
                    "\(path):\(subscriber.line ?? 0): note: \(subscriber.address) is \(row.address)\(row.line.map { " (line \($0) of the list)" } ?? ""), one mailbox; the list's spelling stays [subscribers]"
                )
            }
            if subscriber.status.weight > row.status.weight {
                subscribers[place].status = subscriber.status
                subscribers[place].changed = date
                subscribers[place].reason = subscriber.reason
                if row.status == .subscribed {
                    summary.stopped += 1
                } else {
                    summary.strengthened += 1
                    summary.unchanged += 1
                }
            } else if row.status.isSuppressed, subscriber.status == .subscribed {
                if resubscribe && row.status != .complained {
                    subscribers[place].status = .subscribed
                    subscribers[place].changed = date
                    subscribers[place].reason = ""
                    summary.resubscribed += 1
                } else {
                    summary.keptSuppressed += 1
                    summary.unchanged += 1
                }
            } else {
                summary.unchanged += 1
            }
        }
        return summary
    }

    /// The rows of a file to import: digest's own format or another tool's export
    /// (``ListFormat``), with the bad rows as problems and the format it was read as.
    public static func parseImport(_ text: String, path: String) -> (
        subscribers: [Subscriber], problems: [RowProblem], format: ListFormat?
    ) {
        parseImport(rows: CSV.rows(text), path: path)
    }

    /// The rows of a file to import, from its bytes: a row that is not UTF-8 is a bad row.
    public static func parseImport(_ bytes: [UInt8], path: String) -> (
        subscribers: [Subscriber], problems: [RowProblem], format: ListFormat?
    ) {
        parseImport(rows: CSV.rows(bytes), path: path)
    }

    private static func parseImport(rows csvRows: [CSV.Row], path: String) -> (
        subscribers: [Subscriber], problems: [RowProblem], format: ListFormat?
    ) {
        var subscribers: [Subscriber] = []
        var problems: [RowProblem] = []
        // Duplicates are found here rather than by the checker, so that a later row of the
        // same mailbox that says the reader left still counts: an export with a subscribed
        // and an unsubscribed row for one reader must not bring them in subscribed.
        var places: [String: Int] = [:]
        var rows = RowChecker(path: path, findsDuplicates: false, acceptsOtherFormats: true)
        for row in csvRows {
            switch rows.check(row) {
            case .subscriber(let subscriber):
                guard let place = places[subscriber.key] else {
                    places[subscriber.key] = subscribers.count
                    subscribers.append(subscriber)
                    continue
                }
                let earlier = subscribers[place]
                var message =
                    "\(subscriber.address) is already on line \(earlier.line ?? 0) (letter case aside, one mailbox); keep one row per address"
                if subscriber.status.weight > earlier.status.weight {
                    subscribers[place].status = subscriber.status
                    subscribers[place].changed = subscriber.changed ?? earlier.changed
                    subscribers[place].reason = subscriber.reason
                    message += "; the reader is imported \(subscriber.status.rawValue), as this row says"
                }
                problems.append(RowProblem(path: path, line: row.line, message: message))
            case .problem(let problem): problems.append(problem)
            case .skip: break
            }
        }
        return (subscribers, problems, rows.format)
    }
}

/// A change to the list that cannot be made.
public enum SubscriberError: Error, Sendable, CustomStringConvertible {
    case invalid(String)
    case notFound(String)
    /// The list has bad rows, so no change is made to it until they are mended.
    case damaged([SubscriberList.RowProblem])
    /// The list or its lock could not be read or written.
    case io(FileWriteError)

    public var description: String {
        switch self {
        case .invalid(let message): message
        case .notFound(let address): "\(address) is not on the list"
        case .damaged(let problems):
            problems.map(\.description).joined(separator: "\n") + "\nmend the list before changing it (`digest subscribers check`)"
        case .io(let error): error.description
        }
    }
}
