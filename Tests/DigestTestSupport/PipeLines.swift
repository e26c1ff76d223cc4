import Foundation

/// Reads a pipe a line at a time, waiting for a line with a given start: how a test waits on
/// an event (a server's "data-held", a command's "stopping") instead of sleeping.
public final class PipeLines {
    public let handle: FileHandle
    private var unread: [UInt8] = []
    /// Every line read so far.
    public private(set) var lines: [String] = []

    public init(_ handle: FileHandle) {
        self.handle = handle
    }

    /// Reads until a line starting with `prefix` (or containing it, with `anywhere`);
    /// `false` if none comes within `timeout` seconds or the pipe ends first.
    @discardableResult
    public func wait(for prefix: String, anywhere: Bool = false, timeout: Double = 60) -> Bool {
        let descriptor = handle.fileDescriptor
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            while let newline = unread.firstIndex(of: 10) {
                let line = String(decoding: unread[..<newline], as: UTF8.self)
                unread.removeSubrange(...newline)
                lines.append(line)
                if anywhere ? line.contains(prefix) : line.hasPrefix(prefix) { return true }
            }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { return false }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(min(left, 1) * 1000) + 1) >= 0 else { return false }
            guard poller.revents != 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = read(descriptor, &buffer, buffer.count)
            guard count > 0 else { return false }
            unread += buffer[..<count]
        }
    }

    /// Everything left, once the writer has closed the pipe.
    public func rest() -> String {
        let remaining = handle.readDataToEndOfFile()
        return String(decoding: unread + remaining, as: UTF8.self)
    }
}
