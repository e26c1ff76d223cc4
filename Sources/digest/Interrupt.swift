import DigestMail
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Ctrl-C during a send: the first asks the send to stop taking new messages and finish
/// those in flight; a second quits at once (the journal already holds every line written).
final class Interrupt: @unchecked Sendable {
    private let source: DispatchSourceSignal
    private let lock = NSLock()
    private var count = 0

    init(stop: StopSignal, announce: @escaping @Sendable () -> Void) {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [lock] in
            lock.lock()
            self.count += 1
            let first = self.count == 1
            lock.unlock()
            if first {
                stop.request()
                announce()
            } else {
                // At once, without running exit handlers (OpenSSL's among them) under a
                // thread that may be in the middle of TLS; the journal holds every line.
                _exit(130)
            }
        }
        source.resume()
    }

    func cancel() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
