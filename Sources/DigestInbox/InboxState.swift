import DigestCore
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the intake has already done, kept on this machine in `.digest/inbox/state` (it names
/// readers, so it is git-ignored and readable by its owner alone): an append-only file, each
/// line flushed to disk before the intake moves a message, so a kill at any moment can make
/// a message be read again but never applied twice.
///
/// Lines are `kind TAB field TAB field TAB checksum`, the checksum 8 hex digits of FNV-1a
/// over what comes before its tab; a line that fails it (torn by a power cut) is ignored:
/// the message it recorded is read again, which changes nothing that was already changed.
/// - `done SOURCE ID`: the message `ID` of the mailbox `SOURCE` (or a journal's refusal) was
///   applied to the list; it is moved, never applied again.
/// - `soft READER ISSUE`: a transient failure of the reader's copy of an issue.
/// - `reset READER`: the reader was bounced for their transient failures; those before are
///   not counted again should the editor subscribe them anew.
/// - `unseen SOURCE ID` before an unseen IMAP message is fetched (which marks it seen), and
///   `restored SOURCE ID` once it is unseen again: a kill in between is mended next run.
public final class InboxState {
    public let url: URL
    private var done: Set<String> = []
    /// Each reader's issues with a transient failure since their last reset.
    private var soft: [String: Set<String>] = [:]
    /// Messages made seen by a fetch and not yet unseen again.
    private var toRestore: Set<String> = []
    /// Lines that failed their checksum.
    public private(set) var damagedLines = 0

    /// Reads the state at `url` (none yet is an empty state).
    public init(url: URL) throws(InboxError) {
        self.url = url
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw .io(path: url.path, reason: "cannot read the intake's state")
        }
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: true) {
            let fields = line.split(separator: 0x09, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            guard fields.count >= 2, let sum = fields.last, sum == Self.checksum(fields.dropLast()) else {
                damagedLines += 1
                continue
            }
            apply(Array(fields.dropLast()))
        }
    }

    private func apply(_ fields: [String]) {
        switch (fields.first, fields.count) {
        case ("done"?, 3): done.insert(Self.doneKey(fields[1], fields[2]))
        case ("soft"?, 3): soft[fields[1], default: []].insert(fields[2])
        case ("reset"?, 2): soft[fields[1]] = nil
        case ("unseen"?, 3): toRestore.insert(Self.doneKey(fields[1], fields[2]))
        case ("restored"?, 3): toRestore.remove(Self.doneKey(fields[1], fields[2]))
        default: damagedLines += 1
        }
    }

    static func doneKey(_ source: String, _ id: String) -> String { "\(source)\t\(id)" }

    public func isDone(source: String, id: String) -> Bool { done.contains(Self.doneKey(source, id)) }

    /// The messages of `source` a fetch made seen that are not yet unseen again.
    public func seenByFetch(source: String) -> Set<String> {
        Set(toRestore.filter { $0.hasPrefix(source + "\t") }.map { String($0.dropFirst(source.count + 1)) })
    }

    /// The issues with a transient failure for `reader` since the last reset.
    public func softIssues(of reader: String) -> Set<String> { soft[reader] ?? [] }

    /// One record to append.
    public enum Record: Sendable, Equatable {
        case done(source: String, id: String)
        case soft(reader: String, issue: String)
        case reset(reader: String)
        case unseen(source: String, id: String)
        case restored(source: String, id: String)
    }

    /// Appends `records` in one write and flushes them to disk before returning. A record
    /// that reached the disk is in this state too.
    public func append(_ records: [Record]) throws(InboxError) {
        guard !records.isEmpty else { return }
        var bytes: [UInt8] = []
        for record in records {
            let fields: [String]
            switch record {
            case .done(let source, let id): fields = ["done", source, id]
            case .soft(let reader, let issue): fields = ["soft", reader, issue]
            case .reset(let reader): fields = ["reset", reader]
            case .unseen(let source, let id): fields = ["unseen", source, id]
            case .restored(let source, let id): fields = ["restored", source, id]
            }
            let clean = fields.map(Self.clean)
            bytes += (clean + [Self.checksum(clean[...])]).joined(separator: "\t").utf8
            bytes.append(0x0A)
        }
        let folder = url.deletingLastPathComponent()
        let isNew = !FileManager.default.fileExists(atPath: url.path)
        if isNew {
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let descriptor = open(url.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw .io(path: url.path, reason: "cannot open the intake's state (\(String(cString: strerror(errno))))")
        }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if result < 0 {
                if errno == EINTR { continue }
                throw .io(path: url.path, reason: "cannot write the intake's state (\(String(cString: strerror(errno))))")
            }
            written += result
        }
        guard fsync(descriptor) == 0 else {
            throw .io(path: url.path, reason: "cannot flush the intake's state to disk (\(String(cString: strerror(errno))))")
        }
        if isNew {
            // The new file's name must reach the disk too.
            let folderDescriptor = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if folderDescriptor >= 0 {
                fsync(folderDescriptor)
                close(folderDescriptor)
            }
        }
        for record in records {
            switch record {
            case .done(let source, let id): apply(["done", Self.clean(source), Self.clean(id)])
            case .soft(let reader, let issue): apply(["soft", Self.clean(reader), Self.clean(issue)])
            case .reset(let reader): apply(["reset", Self.clean(reader)])
            case .unseen(let source, let id): apply(["unseen", Self.clean(source), Self.clean(id)])
            case .restored(let source, let id): apply(["restored", Self.clean(source), Self.clean(id)])
            }
        }
    }

    /// A field without tabs or line breaks, which would split the line.
    static func clean(_ field: String) -> String {
        String(field.unicodeScalars.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : Character($0) })
    }

    static func checksum(_ fields: ArraySlice<String>) -> String {
        let value = FNV1a.hash(fields.joined(separator: "\t").utf8)
        let folded = UInt32(truncatingIfNeeded: value >> 32) ^ UInt32(truncatingIfNeeded: value)
        let hex = String(folded, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}
