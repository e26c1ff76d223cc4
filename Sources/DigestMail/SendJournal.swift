import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The append-only record of one issue's send, which lets a killed send resume without
/// mailing anyone twice or skipping anyone.
///
/// Each line is `event TAB reader TAB message-id TAB detail`. Just before a message's commit
/// point (the final dot of SMTP DATA, the link into the outbox) an `intent` line is written;
/// after it, what became of it (`accepted` with
/// the server's reply and queue id, `failed`, `deferred` or `uncertain`). On the next run a
/// reader whose last line is `accepted` or `failed` is not mailed, one with no line or a
/// `deferred` one is, and one whose last line is an `intent` or `uncertain` is *uncertain*:
/// the message may or may not have been taken, so it is reported rather than guessed.
///
/// When lines reach the disk:
/// - Every line is written with `write(2)` before the send goes on, so a killed process
///   (SIGKILL, a crash, Ctrl-C twice) loses nothing: the kernel holds the line.
/// - Intents are flushed with `fsync(2)` before the message's commit point, the moment
///   libcurl sends the final dot (``sync()`` from ``DeliverySource/willCommit(_:)``), so
///   even a power cut cannot leave a taken message without its intent.
/// - Outcomes are flushed at most ``outcomeSyncInterval`` later, and at the end. A power
///   cut can therefore lose the outcomes of the last fraction of a second: those readers
///   show as uncertain (listed, not mailed again), never as not sent.
/// - A torn last line (the process died mid-write) is ignored on reading.
public final class SendJournal: @unchecked Sendable {
    /// What happened to one reader's message.
    public enum Event: String, Sendable, CaseIterable {
        case intent
        case accepted
        case failed
        case deferred
        case uncertain
    }

    /// The most time an outcome waits before it is flushed to disk.
    public static let outcomeSyncInterval = 0.1

    public let url: URL
    private let descriptor: Int32
    private let lockDescriptor: Int32
    private let lock = NSLock()
    private var unsynced = false
    /// The write failure that stopped the journal, if one did.
    private var broken: JournalError?
    private var lastSync = Date()

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
        lockDescriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lockDescriptor >= 0 else { throw .io(path: lockPath, reason: String(cString: strerror(errno))) }
        if flock(lockDescriptor, LOCK_EX | LOCK_NB) != 0 {
            close(lockDescriptor)
            throw .locked(path: url.path)
        }
        descriptor = open(url.path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            close(lockDescriptor)
            throw .io(path: url.path, reason: reason)
        }
        Self.cutTornLine(descriptor)
    }

    /// A last line without its newline was torn by a kill; with the lock held, nobody else
    /// writes, so it is cut off before new lines follow it.
    private static func cutTornLine(_ descriptor: Int32) {
        var end = lseek(descriptor, 0, SEEK_END)
        guard end > 0 else { return }
        var byte: UInt8 = 0
        while end > 0 {
            guard pread(descriptor, &byte, 1, end - 1) == 1 else { return }
            if byte == UInt8(ascii: "\n") { break }
            end -= 1
        }
        if end != lseek(descriptor, 0, SEEK_END) {
            _ = ftruncate(descriptor, end)
            fsync(descriptor)
        }
    }

    deinit {
        fsync(descriptor)
        close(descriptor)
        flock(lockDescriptor, LOCK_UN)
        close(lockDescriptor)
    }

    /// Appends one line with a single `write(2)`; ``sync()`` flushes it to disk.
    public func record(_ event: Event, reader: String, messageID: String, detail: String = "") throws(JournalError) {
        let fields = [event.rawValue, reader, messageID, detail].map(Self.escape)
        let line = Array((fields.joined(separator: "\t") + "\n").utf8)
        lock.lock()
        defer { lock.unlock() }
        if let broken { throw broken }
        let before = lseek(descriptor, 0, SEEK_END)
        let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == line.count else {
            let failure = JournalError.io(
                path: url.path, reason: written < 0 ? String(cString: strerror(errno)) : "the disk took only part of a line (is it full?)")
            // Part of a line must not stay for the next one to be glued to; and nothing more
            // is written in this run, since a journal with a gap cannot be trusted.
            if written > 0, before >= 0 { _ = ftruncate(descriptor, before) }
            broken = failure
            throw failure
        }
        unsynced = true
    }

    /// Flushes every line written so far to disk, if any is not yet.
    public func sync() throws(JournalError) {
        lock.lock()
        defer { lock.unlock() }
        guard unsynced else { return }
        guard fsync(descriptor) == 0 else { throw .io(path: url.path, reason: String(cString: strerror(errno))) }
        unsynced = false
        lastSync = Date()
    }

    /// Flushes when the last flush is older than ``outcomeSyncInterval``.
    public func syncIfDue() throws(JournalError) {
        lock.lock()
        let due = unsynced && Date().timeIntervalSince(lastSync) >= Self.outcomeSyncInterval
        lock.unlock()
        if due { try sync() }
    }

    /// What the journal at `url` says, read line by line (an empty record when there is none).
    public static func replay(at url: URL) throws(JournalError) -> SendRecord {
        var record = SendRecord()
        guard FileManager.default.fileExists(atPath: url.path) else { return record }
        do {
            try LineReader.forEachLine(in: url) { line, complete in
                // A line without its newline was torn by a kill: it was never written whole.
                guard complete else { return }
                record.apply(line)
            }
        } catch {
            throw .io(path: url.path, reason: error.localizedDescription)
        }
        return record
    }

    static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "\\" || $0 == "\t" || $0 == "\n" || $0 == "\r" }) else { return field }
        return field.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
    }

    static func unescape(_ field: Substring) -> String {
        guard field.contains("\\") else { return String(field) }
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

/// Where a reader stands after replaying the journal.
public enum Standing: Equatable, Sendable {
    case sent
    case failed(reply: String)
    /// Not sent, and sent on the next run.
    case deferred(reason: String)
    case uncertain(reason: String)
}

/// What a journal says about every reader it names. Readers whose message was accepted
/// are kept as 128-bit digests, so a list of 100,000 costs a few megabytes at most.
public struct SendRecord: Sendable {
    private var sent: Set<ReaderDigest> = []
    /// Readers whose last line is not `accepted`, with their standing.
    private var others: [String: Standing] = [:]

    public init() {}

    public var sentCount: Int { sent.count }

    /// The readers who are not (certainly) sent, by key, with their standing.
    public var unsettled: [String: Standing] { others }

    public func standing(of reader: String) -> Standing? {
        if let standing = others[reader] { return standing }
        return sent.contains(ReaderDigest(reader)) ? .sent : nil
    }

    /// Applies one journal line.
    mutating func apply(_ line: Substring) {
        // Three fields are the same line with its empty detail's tab trimmed away (an editor
        // that strips trailing whitespace must not turn an intent into nothing).
        let fields = line.split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false)
        guard fields.count >= 3, let event = SendJournal.Event(rawValue: String(fields[0])), !fields[1].isEmpty else { return }
        let reader = SendJournal.unescape(fields[1])
        let detail = fields.count == 4 ? SendJournal.unescape(fields[3]) : ""
        if event == .accepted {
            others[reader] = nil
            sent.insert(ReaderDigest(reader))
            return
        }
        sent.remove(ReaderDigest(reader))
        switch event {
        case .intent: others[reader] = .uncertain(reason: "the send stopped while this message was in flight")
        case .uncertain: others[reader] = .uncertain(reason: detail)
        case .failed: others[reader] = .failed(reply: detail)
        case .deferred: others[reader] = .deferred(reason: detail)
        case .accepted: break
        }
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
