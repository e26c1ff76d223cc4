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
        var seen: [String: Int] = [:]
        let rows = CSV.rows(text)
        guard let first = rows.first else { return (list, problems) }
        let header = first.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard header.first == "address" else {
            problems.append(
                RowProblem(path: path, line: first.line, message: "the first line must be the header \(Self.header.joined(separator: ","))")
            )
            return (list, problems)
        }
        let column = Dictionary(header.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { first, _ in first })
        for row in rows.dropFirst() {
            if let error = row.error {
                problems.append(RowProblem(path: path, line: row.line, message: error))
                continue
            }
            func field(_ name: String) -> String {
                column[name].flatMap { $0 < row.fields.count ? row.fields[$0] : nil } ?? ""
            }
            let address = field("address").trimmingCharacters(in: .whitespaces)
            let name = field("name").trimmingCharacters(in: .whitespaces)
            if row.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            if let problem = Subscriber.problem(address: address, name: name) {
                problems.append(RowProblem(path: path, line: row.line, message: problem))
                continue
            }
            let statusText = field("status").trimmingCharacters(in: .whitespaces).lowercased()
            guard let status = statusText.isEmpty ? .subscribed : SubscriberStatus(rawValue: statusText) else {
                problems.append(
                    RowProblem(path: path, line: row.line, message: "status \"\(statusText)\" must be subscribed, unsubscribed or bounced"))
                continue
            }
            var dates: [IssueDate?] = []
            var badDate: String?
            for key in ["subscribed", "changed"] {
                let text = field(key).trimmingCharacters(in: .whitespaces)
                if text.isEmpty {
                    dates.append(nil)
                } else if let date = IssueDate(iso: text) {
                    dates.append(date)
                } else {
                    badDate = "the \(key) date \"\(text)\" must be YYYY-MM-DD"
                }
            }
            if let badDate {
                problems.append(RowProblem(path: path, line: row.line, message: badDate))
                continue
            }
            let subscriber = Subscriber(address: address, name: name, status: status, subscribed: dates[0], changed: dates[1])
            if let earlier = seen[subscriber.key] {
                problems.append(
                    RowProblem(path: path, line: row.line, message: "\(address) is already on line \(earlier); keep one row per address"))
                continue
            }
            seen[subscriber.key] = row.line
            list.subscribers.append(subscriber)
        }
        return (list, problems)
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
