/// A message in the form one route sends it, made ahead on the thread that makes messages
/// (``Transport/packed(_:)``): for Amazon SES, the SendEmail request body that carries the
/// message as base64. Its bytes never move while the message lives, so libcurl reads them
/// where they are, and a message tried again is not packed again.
public final class PackedMessage: @unchecked Sendable {
    /// Written once, by the initializer; only read after (the `@unchecked` above).
    let bytes: UnsafeMutableBufferPointer<UInt8>

    /// `count` bytes that `write` fills, every one of them.
    init(count: Int, write: (UnsafeMutablePointer<UInt8>) -> Void) {
        bytes = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, count))
        write(bytes.baseAddress!)
        length = count
    }

    /// The bytes' count (the buffer has room for one at least).
    public let length: Int

    /// The bytes, copied: for tests and for what is not on the hot path.
    public var array: [UInt8] { Array(UnsafeBufferPointer(rebasing: bytes[0..<length])) }

    deinit { bytes.deallocate() }
}
