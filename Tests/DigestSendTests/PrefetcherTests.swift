import Foundation
import Testing

@testable import DigestSend

/// Counts what a producer made, and notices two threads producing at once.
private final class Production: @unchecked Sendable {
    private let lock = NSLock()
    private var made = 0
    private var busy = false
    private(set) var overlaps = 0
    let total: Int
    let pause: UInt32
    let failAt: Int?

    init(total: Int, pause microseconds: UInt32 = 0, failAt: Int? = nil) {
        self.total = total
        pause = microseconds
        self.failAt = failAt
    }

    struct Failure: Error {}

    func produce() throws -> Int? {
        lock.lock()
        if busy { overlaps += 1 }
        busy = true
        let item = made
        made += 1
        lock.unlock()
        defer {
            lock.lock()
            busy = false
            lock.unlock()
        }
        if pause > 0 { usleep(pause) }
        if item == failAt { throw Failure() }
        return item < total ? item : nil
    }
}

@Suite("Messages made ahead")
struct PrefetcherTests {
    @Test(
        "every item comes out once and in order, whether the maker keeps ahead or the consumer makes its own",
        arguments: [(0 as UInt32, 0 as UInt32), (0, 200), (300, 0)])
    func inOrder(makerPause: UInt32, consumerPause: UInt32) throws {
        let production = Production(total: 500, pause: makerPause)
        let prefetcher = Prefetcher(capacity: 8, inBackground: true) { try production.produce() }
        var items: [Int] = []
        while let item = try prefetcher.next() {
            items.append(item)
            if consumerPause > 0 { usleep(consumerPause) }
        }
        #expect(items == Array(0..<500))
        #expect(production.overlaps == 0)
        #expect(try prefetcher.next() == nil)
        prefetcher.cancel()
    }

    @Test("a failure comes out after the items made before it, and again after that")
    func failure() throws {
        let production = Production(total: 100, pause: 50, failAt: 40)
        let prefetcher = Prefetcher(capacity: 4) { try production.produce() }
        var items: [Int] = []
        #expect(throws: Production.Failure.self) {
            while let item = try prefetcher.next() { items.append(item) }
        }
        #expect(items == Array(0..<40))
        #expect(throws: Production.Failure.self) { try prefetcher.next() }
        prefetcher.cancel()
    }
}
