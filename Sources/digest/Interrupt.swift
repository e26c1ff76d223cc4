import DigestMail
import DigestSend
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Ctrl-C, SIGTERM (`systemctl stop`, `kill`) and SIGHUP (an SSH session that drops) during
/// a send: the first asks the send to stop taking new messages and finish those in flight,
/// saying how long it waits for them at most; a second quits at once with a one-line summary
/// (the journal already holds every line written).
final class Interrupt: Sendable {
    /// The signals a send stops for, with the name an editor knows each by.
    static let handled: [(number: Int32, name: String)] = [(SIGINT, "Ctrl-C"), (SIGTERM, "SIGTERM"), (SIGHUP, "SIGHUP")]

    /// Dispatch's sources are not marked Sendable: they stay in the mutex, used only there.
    private let sources: Mutex<[any DispatchSourceSignal]>
    /// How many signals came, and the first one's name: the handlers run on Dispatch's threads.
    private let received = Mutex<(count: Int, firstName: String?)>((0, nil))

    /// - Parameters:
    ///   - wait: the longest the transport waits for the messages in flight, in seconds.
    ///   - clear: called first on each signal (the progress line clears itself).
    init(stop: StopSignal, job: SendJob, wait: Double, path: String, clear: @escaping @Sendable () -> Void) {
        let job = CountsReader(job: job)
        sources = Mutex(
            Self.handled.map { number, _ in
                signal(number, SIG_IGN)
                return DispatchSource.makeSignalSource(signal: number, queue: .global())
            })
        sources.withLock { sources in
            for (source, (number, name)) in zip(sources, Self.handled) {
                source.setEventHandler { [self] in
                    let first = received.withLock { received in
                        received.count += 1
                        if received.count == 1 { received.firstName = name }
                        return received.count == 1
                    }
                    clear()
                    let counts = job.job.counts
                    if first {
                        stop.request()
                        let inFlight = Self.inFlight(counts)
                        Self.say(
                            "stopping (\(name)): finishing the \(inFlight) message\(inFlight == 1 ? "" : "s") in flight and recording them, waiting at most \(Int(wait.rounded(.up))) s for replies (\(name) again quits at once)"
                        )
                    } else {
                        Self.say(
                            "digest: quit at once on a second \(name): \(counts.accepted) accepted, \(counts.refused) refused, \(counts.deferred) deferred, \(counts.uncertain + Self.inFlight(counts)) uncertain or unsent; the journal holds every line written: run the same command again (`digest send --status \(path)` shows where it stands)"
                        )
                        // At once, without running exit handlers (OpenSSL's among them) under a
                        // thread that may be in the middle of TLS; the journal holds every line.
                        _exit(128 + number)
                    }
                }
                source.resume()
            }
        }
    }

    /// The name of the signal that stopped the send (`Ctrl-C`, `SIGTERM`), if one did.
    var stoppedBy: String? {
        received.withLock { $0.firstName }
    }

    func cancel() {
        sources.withLock { sources in
            for source in sources { source.cancel() }
        }
        for (number, _) in Self.handled { signal(number, SIG_DFL) }
    }

    static func inFlight(_ counts: SendJob.Counts) -> Int {
        max(0, counts.attempted - counts.accepted - counts.refused - counts.deferred - counts.uncertain)
    }

    /// A line on stderr, which may be a terminal that has gone (SIGHUP): a failed write is
    /// let go rather than stopping the send before it records what it did.
    static func say(_ line: String) {
        try? FileHandle.standardError.write(contentsOf: Data((line + "\n").utf8))
    }

    /// The job, for its counts from a signal's handler.
    // Unchecked: `SendJob` holds non-Sendable closures and reservation state guarded by
    // its prefetcher's claim lock; `counts`, the only member read here, takes the job's lock.
    private struct CountsReader: @unchecked Sendable {
        let job: SendJob
    }
}
