/// A failure that would hit every reader, so the send stops instead of marking them all.
public struct DeliveryFailure: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
