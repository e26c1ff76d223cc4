import DigestCore
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one-click requests received, one checksummed line each (`requests.log`, mode 600),
/// appended and flushed to disk before the reader is answered, and the place up to which
/// they were applied to the list (`applied`, a byte offset, written whole). A request
/// answered 200 is on disk even if the list could not be changed then: the next start
/// applies every line after `applied`, and applying an unsubscribe twice changes nothing.
///
/// One server per repository holds it: the folder's `.lock` is taken for the log's lifetime.
public final class OneClickLog {
    /// One request read back from the log.
    public struct Entry: Equatable, Sendable {
        /// The reader's key (``DigestMail/Subscriber/key``).
        public var reader: String
        /// When it was received, in seconds since 1970.
        public var seconds: Int
    }

    public let folder: URL
    public var logURL: URL { folder.appendingPathComponent("requests.log") }
    public var appliedURL: URL { folder.appendingPathComponent("applied") }
    private let descriptor: Int32
    private let lockDescriptor: Int32
    /// Lines found damaged (a checksum that does not match) when reading pending requests.
    public private(set) var damagedLines = 0

    /// Opens (or creates) the log in `folder`, taking its lock without waiting: a second
    /// server on the same repository is refused rather than left to interleave its lines.
    /// A last line without its newline was being written when a process was killed and was
    /// never answered: it is cut off, so the next line starts clean.
    public init(folder: URL) throws(FileWriteError) {
        self.folder = folder
        do {
            try FileManager.default.createDirectory(
                at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw FileWriteError(path: folder.path, reason: "cannot create the folder (\(error.localizedDescription))")
        }
        let lockPath = folder.appendingPathComponent(".lock").path
        lockDescriptor = open(lockPath, O_RDONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard lockDescriptor >= 0 else {
            throw FileWriteError(path: lockPath, reason: "cannot open the lock file (\(String(cString: strerror(errno))))")
        }
        guard flock(lockDescriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(lockDescriptor)
            throw FileWriteError(
                path: lockPath, reason: "another digest unsubscribe-server is running on this repository; stop it first")
        }
        let path = folder.appendingPathComponent("requests.log").path
        descriptor = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            close(lockDescriptor)
            throw FileWriteError(path: path, reason: "cannot open the request log (\(reason))")
        }
        let size = lseek(descriptor, 0, SEEK_END)
        if size > 0 {
            var last: UInt8 = 0
            if pread(descriptor, &last, 1, size - 1) == 1, last != 10 {
                let bytes = (try? Data(contentsOf: logURL)) ?? Data()
                let keep = bytes.lastIndex(of: 10).map { $0 + 1 } ?? 0
                _ = ftruncate(descriptor, off_t(keep))
                _ = fsync(descriptor)
            }
        }
    }

    deinit {
        close(descriptor)
        close(lockDescriptor)
    }

    /// The line for a request: version, time, reader (percent-encoded: no space nor line
    /// break can reach the file), and an FNV-1a checksum of what precedes it.
    static func line(reader: String, seconds: Int) -> String {
        let body = "1 \(seconds) \(percentEncoded(reader))"
        return "\(body) \(checksum(body))\n"
    }

    static func checksum(_ body: String) -> String {
        let hex = String(FNV1a.hash(body.utf8), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Appends the requests and flushes them to disk; when this returns they survive a crash.
    public func append(_ entries: [Entry]) throws(FileWriteError) {
        let bytes = Array(entries.map { Self.line(reader: $0.reader, seconds: $0.seconds) }.joined().utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileWriteError(path: logURL.path, reason: "cannot append (\(String(cString: strerror(errno))))")
            }
            written += count
        }
        guard fsync(descriptor) == 0 else {
            throw FileWriteError(path: logURL.path, reason: "cannot flush to disk (\(String(cString: strerror(errno))))")
        }
    }

    /// The requests after the applied offset, and the offset their end makes.
    public func pending() throws(FileWriteError) -> (entries: [Entry], end: Int) {
        var start = appliedOffset()
        let bytes: Data
        do {
            let handle = try FileHandle(forReadingFrom: logURL)
            defer { try? handle.close() }
            // An offset past the end (a log replaced by hand) starts again from the top: applying twice is harmless.
            if start > Int(try handle.seekToEnd()) { start = 0 }
            try handle.seek(toOffset: UInt64(start))
            bytes = try handle.readToEnd() ?? Data()
        } catch {
            throw FileWriteError(path: logURL.path, reason: "cannot read the request log (\(error.localizedDescription))")
        }
        var offset = bytes.startIndex
        var entries: [Entry] = []
        damagedLines = 0
        while let newline = bytes[offset...].firstIndex(of: 10) {
            let line = String(decoding: bytes[offset..<newline], as: UTF8.self)
            offset = newline + 1
            if let entry = Self.entry(line) { entries.append(entry) } else { damagedLines += 1 }
        }
        return (entries, start + offset - bytes.startIndex)
    }

    /// Reads one line; `nil` if it is damaged.
    static func entry(_ line: String) -> Entry? {
        let fields = line.split(separator: " ", omittingEmptySubsequences: false)
        guard fields.count == 4, fields[0] == "1", let seconds = Int(fields[1]) else { return nil }
        guard checksum(fields[0..<3].joined(separator: " ")) == fields[3] else { return nil }
        guard let reader = String(fields[2]).removingPercentEncoding, !reader.isEmpty else { return nil }
        return Entry(reader: reader, seconds: seconds)
    }

    /// Records that every line before `offset` was applied to the list.
    public func markApplied(upTo offset: Int) throws(FileWriteError) {
        try AtomicFile.write("\(offset)\n", to: appliedURL, newFile: .private)
    }

    private func appliedOffset() -> Int {
        guard let text = try? String(contentsOf: appliedURL, encoding: .utf8) else { return 0 }
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    /// `text` with everything but unreserved characters (RFC 3986) and `@` percent-encoded.
    static func percentEncoded(_ text: String) -> String {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~@")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
