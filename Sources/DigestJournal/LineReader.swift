import Foundation

/// Reads a file a block at a time and hands out its lines as bytes, so that a file of any
/// size costs one block of memory, and no line becomes a String the reader does not need.
enum LineReader {
    static let blockSize = 1 << 16

    /// Calls `body` with each line's bytes (without its `\n`, with any `\r` kept) and whether
    /// it ended with a newline; only the file's last line can lack one. The bytes are valid
    /// only during the call.
    static func forEachLine(in url: URL, _ body: (UnsafeBufferPointer<UInt8>, Bool) throws -> Void) throws {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var pending: [UInt8] = []
        while let block = try handle.read(upToCount: blockSize), !block.isEmpty {
            pending += block
            let consumed = try pending.withUnsafeBufferPointer { buffer in
                var start = 0
                while let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                    try body(UnsafeBufferPointer(rebasing: buffer[start..<newline]), true)
                    start = newline + 1
                }
                return start
            }
            pending.removeFirst(consumed)
        }
        if !pending.isEmpty { try pending.withUnsafeBufferPointer { try body($0, false) } }
    }
}
