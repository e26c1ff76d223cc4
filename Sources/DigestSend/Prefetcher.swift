import Foundation

/// Runs a producer on a thread of its own, up to `capacity` items ahead of the consumers:
/// the send makes the next messages while the connections wait for the server.
///
/// Making an item has two steps: `claim` takes the next piece of work (the next reader,
/// reserved in the journal), one thread at a time, so that each is claimed once and in
/// order; `build` makes the item from it (the message), on any thread, several at once.
/// The producer's thread can run as background work: it then never takes a core from the
/// threads sending messages, nor from a mail server on the same machine, when it wakes.
/// Should it fall behind (a busy machine), a consumer that finds nothing ready claims and
/// builds the item it needs itself, beside the producer, rather than wait for it: with K
/// connections waiting on one background thread, the waits and wake-ups cost a send at
/// K = 4 more than the making itself. Items then come out in the order they are claimed
/// only roughly (a consumer's own item can pass one the producer is still building).
// Unchecked: every variable is read and written with `condition` held (`thread` is set in
// `init`, before the producer starts), and the consumers and the producer wait on it, which
// Synchronization's Mutex cannot do; `Work` and `Element` need not be Sendable, since each
// item passes from the thread that made it to the one consumer that takes it.
final class Prefetcher<Work, Element>: @unchecked Sendable {
    private let condition = NSCondition()
    private var buffer: [Element] = []
    /// Items the producer has claimed and is building, not yet in `buffer`.
    private var building = 0
    /// Whether `claim` returned `nil` or failed: nothing more will be claimed.
    private var finished = false
    private var cancelled = false
    private var failure: Error?
    private var exited = false
    private let capacity: Int
    private let steps: Steps
    /// Held while claiming: one claim at a time, in order.
    private let claimLock = NSLock()
    private var thread: Thread?

    /// Starts producing at once; `claim` returns `nil` when there is nothing more.
    /// - Parameter inBackground: runs the producer's thread as background work (Linux).
    init(
        capacity: Int, inBackground: Bool = false, claim: @escaping () throws -> Work?, build: @escaping (Work) throws -> Element
    ) {
        self.capacity = max(1, capacity)
        steps = Steps(claim: claim, build: build)
        let thread = Thread { [self] in
            if inBackground { Self.moveToBackground() }
            defer {
                condition.lock()
                exited = true
                condition.broadcast()
                condition.unlock()
            }
            while true {
                condition.lock()
                while buffer.count + building >= self.capacity && !cancelled && !finished { condition.wait() }
                if cancelled || finished {
                    condition.unlock()
                    break
                }
                building += 1
                condition.unlock()
                let made = produce()
                condition.lock()
                building -= 1
                if let made { buffer.append(made) }
                // A consumer waits only for the last items being built once nothing more can be claimed.
                if finished { condition.broadcast() }
                condition.unlock()
            }
        }
        thread.name = "digest message maker"
        self.thread = thread
        thread.start()
    }

    /// The two steps, boxed: `claim` runs one thread at a time (under `claimLock`), `build`
    /// on any thread; the box says so to the compiler.
    // Unchecked: the closures are not `@Sendable` (the send job's steps use its own state),
    // but `claim` runs only under `claimLock`, and `build` reads only its work and what it
    // captured when the send began.
    private final class Steps: @unchecked Sendable {
        let claim: () throws -> Work?
        let build: (Work) throws -> Element
        init(claim: @escaping () throws -> Work?, build: @escaping (Work) throws -> Element) {
            self.claim = claim
            self.build = build
        }
    }

    /// Claims the next piece of work and builds its item, on the calling thread; `nil` when
    /// nothing is left or a step failed, which ends the production (``failure`` says why).
    private func produce() -> Element? {
        claimLock.lock()
        let claimed: Work?
        do {
            claimed = isFinished ? nil : try steps.claim()
            if claimed == nil { markFinished(nil) }
        } catch {
            claimed = nil
            markFinished(error)
        }
        claimLock.unlock()
        guard let claimed else { return nil }
        do {
            return try steps.build(claimed)
        } catch {
            markFinished(error)
            return nil
        }
    }

    private var isFinished: Bool {
        condition.lock()
        defer { condition.unlock() }
        return finished || cancelled
    }

    /// Notes the end of production: nothing more, or a failure (the first one is kept).
    private func markFinished(_ error: Error?) {
        condition.lock()
        finished = true
        if let error, failure == nil { failure = error }
        condition.broadcast()
        condition.unlock()
    }

    /// The next item: a ready one, or one made here if none is; `nil` when there is nothing
    /// more. Safe to call from several threads at once.
    func next() throws -> Element? {
        condition.lock()
        while true {
            if !buffer.isEmpty {
                let item = buffer.removeFirst()
                // The producer is woken when the buffer is a quarter full, not after every
                // item: it then makes many in one go, and is woken (and wakes) less often.
                if buffer.count <= capacity / 4 { condition.broadcast() }
                condition.unlock()
                return item
            }
            if finished {
                // Items still being built come to the buffer: wait for them, not past them.
                if building > 0 {
                    condition.wait()
                    continue
                }
                let failure = self.failure
                condition.unlock()
                if let failure { throw failure }
                return nil
            }
            condition.unlock()
            if let item = produce() { return item }
            // Nothing more, or a failure: it comes out after the items made before it.
            condition.lock()
        }
    }

    /// Stops the producer after the item it is making, and waits for it to stop (unless
    /// called from the producer's own thread); what was made is dropped.
    func cancel() {
        condition.lock()
        cancelled = true
        buffer.removeAll()
        condition.broadcast()
        if Thread.current != thread {
            while !exited { condition.wait() }
        }
        condition.unlock()
    }

    /// Makes the calling thread background work on Linux: the batch scheduling class, whose
    /// threads never preempt another when they wake, at nice 10, a smaller share of a busy
    /// CPU. (The idle class was as fast on a quiet machine, but starved on a busy one: the
    /// consumer then waited milliseconds for the item the producer had begun.) Elsewhere,
    /// and should Linux refuse, the thread stays as it is.
    private static func moveToBackground() {
        #if os(Linux)
            let schedBatch: Int32 = 3  // SCHED_BATCH in <sched.h>, hidden from Swift behind _GNU_SOURCE
            var parameters = sched_param(sched_priority: 0)
            _ = pthread_setschedparam(pthread_self(), schedBatch, &parameters)
            // Linux keeps a nice value per thread: `who` 0 is the calling thread.
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
        #endif
    }
}
