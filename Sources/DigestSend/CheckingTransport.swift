import DigestMail

/// `--dry-run`: takes every message the job makes, checks it as a transport would, and
/// sends nothing. The job's builder has already refused any header that could be forged.
public struct CheckingTransport: Transport {
    /// The largest message seen, in bytes, and the total.
    public final class Tally {
        public var largest = 0
        public var total = 0
    }

    public let tally = Tally()

    public init() {}

    public func deliver(from source: DeliverySource, stop: StopSignal) throws {
        while !stop.isRequested, let message = try source.next() {
            tally.largest = max(tally.largest, message.bytes.count)
            tally.total += message.bytes.count
            let longest = Self.longestLine(message.bytes)
            if longest > 998 {
                try source.finished(message, .refused(reply: "a line of \(longest) characters; SMTP allows 998"))
            } else {
                try source.finished(message, .accepted(reply: "checked, not sent"))
            }
        }
    }

    static func longestLine(_ bytes: [UInt8]) -> Int {
        var longest = 0
        var current = 0
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                longest = max(longest, current - 1)
                current = 0
            } else {
                current += 1
            }
        }
        return max(longest, current)
    }
}
