import Foundation

/// A request to stop taking new messages (Ctrl-C, SIGTERM, SIGHUP), safe to set from any thread.
public final class StopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var requested: Double?

    public init() {}

    public var isRequested: Bool {
        lock.lock()
        defer { lock.unlock() }
        return requested != nil
    }

    /// Seconds since the first request (on the monotonic clock); `nil` before one.
    public var secondsSinceRequest: Double? {
        lock.lock()
        defer { lock.unlock() }
        return requested.map { Self.now - $0 }
    }

    public func request() {
        lock.lock()
        if requested == nil { requested = Self.now }
        lock.unlock()
    }

    static var now: Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}
