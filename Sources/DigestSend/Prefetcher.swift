import Foundation

/// Runs a producer on a thread of its own, up to `capacity` items ahead of the consumer:
/// the send makes the next messages while the connections wait for the server.
final class Prefetcher<Element>: @unchecked Sendable {
    private let condition = NSCondition()
    private var buffer: [Element] = []
    private var finished = false
    private var cancelled = false
    private var failure: Error?
    private var exited = false
    private let capacity: Int
    private var thread: Thread?

    /// Starts producing at once; `produce` returns `nil` when there is nothing more.
    init(capacity: Int, produce: @escaping () throws -> Element?) {
        self.capacity = max(1, capacity)
        // The producer runs on the maker's thread alone; the box says so to the compiler.
        let producer = Producer(produce)
        let thread = Thread { [self] in
            defer {
                condition.lock()
                exited = true
                condition.broadcast()
                condition.unlock()
            }
            while true {
                condition.lock()
                while buffer.count >= self.capacity && !cancelled { condition.wait() }
                let stop = cancelled
                condition.unlock()
                if stop { break }
                do {
                    let item = try producer.produce()
                    condition.lock()
                    if let item { buffer.append(item) } else { finished = true }
                    condition.broadcast()
                    condition.unlock()
                    if item == nil { break }
                } catch {
                    condition.lock()
                    failure = error
                    finished = true
                    condition.broadcast()
                    condition.unlock()
                    break
                }
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

    /// The next item, waiting for it if need be; `nil` when the producer has no more.
    func next() throws -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while buffer.isEmpty && !finished { condition.wait() }
        if !buffer.isEmpty {
            let item = buffer.removeFirst()
            // The producer is woken when the buffer is half empty, not after every item: it
            // then makes several in one go, and the two threads trade places less often.
            if buffer.count <= capacity / 2 { condition.broadcast() }
            return item
        }
        if let failure { throw failure }
        return nil
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
}
