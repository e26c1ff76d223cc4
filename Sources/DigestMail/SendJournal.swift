import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The append-only record of one issue's send, which lets a killed send resume without
/// mailing anyone twice or skipping anyone.
///
/// Before a message's commit point (the end of SMTP DATA, or the link into a Maildir) an
/// `intent` line is written and flushed to disk; after it, the server's reply. On the next
/// run a reader whose last line is `accepted` is skipped, one with no line at all is mailed,
/// and one whose last line is an `intent` is *uncertain*: the message may or may not have
/// been accepted, so it is reported rather than guessed.
///
/// Every line is flushed with `fsync` before the send goes on, so a kill loses nothing; a
/// power cut can lose at most the lines the disk had not yet stored despite `fsync`
/// (a disk that lies about its cache), and a torn last line is ignored on reading.
public final class SendJournal: @unchecked Sendable {
    /// What happened to one reader's message.
    public enum Event: String, Sendable {
        case intent
        case accepted
        case failed
    }

    /// Where a reader stands after replaying the journal.
    public enum Standing: Equatable, Sendable {
        case sent(reply: String)
        case failed(reply: String)
        case uncertain
    }

    public let url: URL
    private let descriptor: Int32
    private let lockDescriptor: Int32
    private let lock = NSLock()

    /// Opens (or creates) the journal at `url`, holding a lock so that no other send of the
    /// same issue can run at the same time.
    public init(url: URL) throws(JournalError) {
        self.url = url
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw .io(path: url.path, reason: error.localizedDescription)
        }
        let lockPath = url.path + ".lock"
        lockDescriptor = open(lockPath, O_RDWR | O_CREAT, 0o644)
        guard lockDescriptor >= 0 else { throw .io(path: lockPath, reason: String(cString: strerror(errno))) }
        if flock(lockDescriptor, LOCK_EX | LOCK_NB) != 0 {
            close(lockDescriptor)
            throw .locked(path: url.path)
        }
        descriptor = open(url.path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            close(lockDescriptor)
            throw .io(path: url.path, reason: reason)
        }
    }

    deinit {
        close(descriptor)
        flock(lockDescriptor, LOCK_UN)
        close(lockDescriptor)
    }

    /// Appends one line and flushes it to disk before returning.
    public func record(_ event: Event, reader: String, messageID: String, reply: String = "") throws(JournalError) {
        let fields = [event.rawValue, reader, messageID, reply].map(Self.escape)
        let line = Array((fields.joined(separator: "\t") + "\n").utf8)
        lock.lock()
        defer { lock.unlock() }
        let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == line.count, fsync(descriptor) == 0 else {
            throw .io(path: url.path, reason: String(cString: strerror(errno)))
        }
    }

    /// Every reader's standing, from the journal at `url` (empty when there is none yet).
    public static func standings(at url: URL) -> [String: Standing] {
        guard let data = FileManager.default.contents(atPath: url.path) else { return [:] }
        var standings: [String: Standing] = [:]
        var text = String(decoding: data, as: UTF8.self)
        // A line without its newline was torn by a kill: it was never written whole.
        if !text.hasSuffix("\n"), let lastBreak = text.lastIndex(of: "\n") {
            text = String(text[...lastBreak])
        } else if !text.hasSuffix("\n") {
            text = ""
        }
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { unescape(String($0)) }
            guard fields.count == 4, let event = Event(rawValue: fields[0]) else { continue }
            switch event {
            case .intent: standings[fields[1]] = .uncertain
            case .accepted: standings[fields[1]] = .sent(reply: fields[3])
            case .failed: standings[fields[1]] = .failed(reply: fields[3])
            }
        }
        return standings
    }

    static func escape(_ field: String) -> String {
        field.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
    }

    static func unescape(_ field: String) -> String {
        var result = ""
        var escaping = false
        for character in field {
            if escaping {
                switch character {
                case "t": result.append("\t")
                case "n": result.append("\n")
                case "r": result.append("\r")
                default: result.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                result.append(character)
            }
        }
        return result
    }
}

/// A journal that cannot be used.
public enum JournalError: Error, Sendable, CustomStringConvertible {
    case locked(path: String)
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case .locked(let path): "\(path): another send of this issue is running; wait for it, or stop it with Ctrl-C"
        case .io(let path, let reason): "\(path): \(reason)"
        }
    }
}
