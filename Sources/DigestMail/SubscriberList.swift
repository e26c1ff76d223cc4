import DigestCore
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The subscriber list: a CSV file with a header (`address,name,status,subscribed,changed`),
/// plain and diffable, written whole or not at all.
public struct SubscriberList: Sendable {
    /// The columns, in order.
    public static let header = ["address", "name", "status", "subscribed", "changed"]

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
        var list = SubscriberList()
        var problems: [RowProblem] = []
        var rows = RowChecker(path: path)
        for row in CSV.rows(text) {
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
        /// Where each field is in a row, from the header; `nil` until it is read, or when it is wrong.
        private var columns: Columns?
        private var headerSeen = false
        /// Each reader's line, by a 64-bit hash of their key, seeded at random for each run
        /// (so nobody can make up two addresses that share one): 12 bytes a reader. Two
        /// addresses sharing 64 bits (about one chance in 10⁹ for a list of 100,000) would be
        /// reported as a duplicate, never mailed twice or skipped in silence.
        private var seen: [Int: Int32] = [:]

        /// The place of each field in a row, read from the header once.
        struct Columns {
            var address, name, status, subscribed, changed: Int?

            init(_ header: [String]) {
                func place(_ name: String) -> Int? { header.firstIndex(of: name) }
                (address, name, status, subscribed, changed) = (
                    place("address"), place("name"), place("status"), place("subscribed"), place("changed")
                )
            }
        }

        init(path: String, findsDuplicates: Bool = true, expectedRows: Int = 0) {
            self.path = path
            self.findsDuplicates = findsDuplicates
            if findsDuplicates && expectedRows > 0 { seen.reserveCapacity(min(expectedRows, 10_000_000)) }
        }

        mutating func check(_ row: CSV.Row) -> Verdict {
            guard headerSeen else {
                headerSeen = true
                let header = row.fields.map { Self.trimmed($0).lowercased() }
                guard header.first == "address" else {
                    return .problem(
                        RowProblem(
                            path: path, line: row.line,
                            message: "the first line must be the header \(SubscriberList.header.joined(separator: ","))"))
                }
                columns = Columns(header)
                return .skip
            }
            // A list whose header was wrong: every row after it is left out, reported once.
            guard let columns else { return .skip }
            if let error = row.error {
                return .problem(RowProblem(path: path, line: row.line, message: error))
            }
            func field(_ place: Int?) -> String {
                place.flatMap { $0 < row.fields.count ? Self.trimmed(row.fields[$0]) : nil } ?? ""
            }
            if row.fields.allSatisfy({ Self.trimmed($0).isEmpty }) { return .skip }
            let address = field(columns.address)
            let name = field(columns.name)
            if let problem = Subscriber.problem(address: address, name: name) {
                return .problem(RowProblem(path: path, line: row.line, message: problem))
            }
            let statusText = field(columns.status)
            guard
                let status = statusText.isEmpty
                    ? .subscribed : SubscriberStatus(rawValue: statusText) ?? SubscriberStatus(rawValue: statusText.lowercased())
            else {
                return .problem(
                    RowProblem(
                        path: path, line: row.line,
                        message: "status \"\(statusText.lowercased())\" must be subscribed, unsubscribed or bounced"))
            }
            var dates: (subscribed: IssueDate?, changed: IssueDate?) = (nil, nil)
            for (key, place) in [("subscribed", columns.subscribed), ("changed", columns.changed)] {
                let text = field(place)
                guard !text.isEmpty else { continue }
                guard let date = IssueDate(iso: text) else {
                    return .problem(RowProblem(path: path, line: row.line, message: "the \(key) date \"\(text)\" must be YYYY-MM-DD"))
                }
                if key == "subscribed" { dates.subscribed = date } else { dates.changed = date }
            }
            let subscriber = Subscriber(
                address: address, name: name, status: status, subscribed: dates.subscribed, changed: dates.changed)
            guard findsDuplicates else { return .subscriber(subscriber) }
            let digest = subscriber.key.hashValue
            if let earlier = seen[digest] {
                return .problem(
                    RowProblem(path: path, line: row.line, message: "\(address) is already on line \(earlier); keep one row per address"))
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
        var lines = [Self.header.joined(separator: ",")]
        for subscriber in subscribers {
            lines.append(
                [
                    subscriber.address, subscriber.name, subscriber.status.rawValue, subscriber.subscribed?.iso ?? "",
                    subscriber.changed?.iso ?? "",
                ].map(CSV.quoted).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes the list to `url` through a temporary file renamed into place, so a crash
    /// leaves the old list or the new one, never half of one.
    public func write(to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        let data = Data(csv.utf8)
        guard FileManager.default.createFile(atPath: temporary.path, contents: data) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        let descriptor = open(temporary.path, O_RDONLY)
        if descriptor >= 0 {
            fsync(descriptor)
            close(descriptor)
        }
        if rename(temporary.path, url.path) != 0 {
            let code = errno
            unlink(temporary.path)
            throw CocoaError(
                .fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path, NSLocalizedDescriptionKey: String(cString: strerror(code))])
        }
    }

    /// Adds a reader, or subscribes again one who had left; returns what changed.
    public mutating func add(_ address: String, name: String, on date: IssueDate) throws(SubscriberError) -> String {
        if let problem = Subscriber.problem(address: address, name: name) { throw .invalid(problem) }
        let key = Subscriber(address: address).key
        if let index = subscribers.firstIndex(where: { $0.key == key }) {
            if subscribers[index].status == .subscribed { return "\(address) is already subscribed" }
            subscribers[index].status = .subscribed
            subscribers[index].changed = date
            if !name.isEmpty { subscribers[index].name = name }
            return "subscribed \(address) again"
        }
        subscribers.append(Subscriber(address: address, name: name, status: .subscribed, subscribed: date, changed: date))
        return "subscribed \(address)"
    }

    /// Marks a reader unsubscribed (the row stays, so the history does); returns what changed.
    public mutating func remove(_ address: String, on date: IssueDate) throws(SubscriberError) -> String {
        let key = Subscriber(address: address).key
        guard let index = subscribers.firstIndex(where: { $0.key == key }) else { throw .notFound(address) }
        if subscribers[index].status == .unsubscribed { return "\(address) is already unsubscribed" }
        subscribers[index].status = .unsubscribed
        subscribers[index].changed = date
        return "unsubscribed \(address)"
    }
}

/// A change to the list that cannot be made.
public enum SubscriberError: Error, Sendable, CustomStringConvertible {
    case invalid(String)
    case notFound(String)

    public var description: String {
        switch self {
        case .invalid(let message): message
        case .notFound(let address): "\(address) is not on the list"
        }
    }
}
