import Foundation

/// Reads a file a block at a time and hands out its lines, so that a file of any size costs
/// one block of memory.
enum LineReader {
    static let blockSize = 1 << 16

    /// Calls `body` with each line (without its `\n`, with any `\r` kept) and whether it ended
    /// with a newline; only the file's last line can lack one.
    static func forEachLine(in url: URL, _ body: (Substring, Bool) throws -> Void) throws {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var pending: [UInt8] = []
        while let block = try handle.read(upToCount: blockSize), !block.isEmpty {
            pending += block
            var start = 0
            while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
                try body(Substring(String(decoding: pending[start..<newline], as: UTF8.self)), true)
                start = newline + 1
            }
            pending.removeFirst(start)
        }
        if !pending.isEmpty { try body(Substring(String(decoding: pending, as: UTF8.self)), false) }
    }
}
