import Foundation

/// Runs a producer on a thread of its own, up to `capacity` items ahead of the consumer:
/// the send makes the next messages while the connections wait for the server.
///
/// The producer's thread can run as background work: it then never takes a core from the
/// thread sending messages, nor from a mail server on the same machine, when it wakes.
/// Should it fall behind (a busy machine), the consumer makes the item it needs itself
/// rather than wait. Either way only one thread produces at a time, so items come out in
/// the order they are made.
final class Prefetcher<Element>: @unchecked Sendable {
    private let condition = NSCondition()
    private var buffer: [Element] = []
    /// Whether a thread is producing an item now: the producer's, or the consumer's.
    private var producing = false
    private var finished = false
    private var cancelled = false
    private var failure: Error?
    private var exited = false
    private let capacity: Int
    private let producer: Producer
    private var thread: Thread?

    /// Starts producing at once; `produce` returns `nil` when there is nothing more.
    /// - Parameter inBackground: runs the producer's thread as background work (Linux).
    init(capacity: Int, inBackground: Bool = false, produce: @escaping () throws -> Element?) {
        self.capacity = max(1, capacity)
        // One thread produces at a time (the `producing` flag, under the lock); the box
        // says so to the compiler.
        producer = Producer(produce)
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
                while (buffer.count >= self.capacity || producing) && !cancelled && !finished { condition.wait() }
                if cancelled || finished {
                    condition.unlock()
                    break
                }
                let made = produceOne()
                if case .success(let item?) = made { buffer.append(item) } else { finish(made) }
                condition.unlock()
            }
        }
        thread.name = "digest message maker"
        self.thread = thread
        thread.start()
    }

    private final class Producer: @unchecked Sendable {
        let produce: () throws -> Element?
        init(_ produce: @escaping () throws -> Element?) { self.produce = produce }
    }

    /// Makes one item with the lock let go and the `producing` flag set meanwhile, and wakes
    /// whoever waits on it (called, and returning, with the lock held).
    private func produceOne() -> Result<Element?, Error> {
        producing = true
        condition.unlock()
        let made = Result { try producer.produce() }
        condition.lock()
        producing = false
        condition.broadcast()
        return made
    }

    /// Notes the end the producer reached: nothing more, or a failure (under the lock).
    private func finish(_ made: Result<Element?, Error>) {
        finished = true
        if case .failure(let error) = made { failure = error }
    }

    /// The next item, made here if none is ready and the producer is not making one; `nil`
    /// when there is nothing more.
    func next() throws -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if !buffer.isEmpty {
                let item = buffer.removeFirst()
                // The producer is woken when the buffer is a quarter full, not after every
                // item: it then makes many in one go, and is woken (and wakes) less often.
                if buffer.count <= capacity / 4 { condition.broadcast() }
                return item
            }
            if finished {
                if let failure { throw failure }
                return nil
            }
            if !producing {
                let made = produceOne()
                if case .success(let item?) = made { return item }
                finish(made)
                continue
            }
            condition.wait()
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
