import Foundation
import Synchronization

/// A request to stop taking new messages (Ctrl-C, SIGTERM, SIGHUP), safe to set from any thread.
///
/// Read without a lock: every connection's libcurl asks it many times a message (its
/// progress callback), and K threads taking turns at one lock for that cost a send time.
public final class StopSignal: Sendable {
    /// The monotonic clock's nanoseconds at the first request, plus one (0: none yet).
    private let requested = Atomic<UInt64>(0)

    public init() {}

    public var isRequested: Bool { requested.load(ordering: .acquiring) != 0 }

    /// Seconds since the first request (on the monotonic clock); `nil` before one.
    public var secondsSinceRequest: Double? {
        let stamp = requested.load(ordering: .acquiring)
        guard stamp != 0 else { return nil }
        return Double(Self.nanoseconds &- (stamp &- 1)) / 1e9
    }

    public func request() {
        _ = requested.compareExchange(expected: 0, desired: Self.nanoseconds &+ 1, ordering: .acquiringAndReleasing)
    }

    static var nanoseconds: UInt64 { DispatchTime.now().uptimeNanoseconds }
}
