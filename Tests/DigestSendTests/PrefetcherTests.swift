import Foundation
import Synchronization
import Testing

@testable import DigestSend

/// Counts what a producer claimed, notices two threads claiming at once, and how often
/// items were built at the same time.
private final class Production: @unchecked Sendable {
    private let lock = NSLock()
    private var claimed = 0
    private var claiming = false
    private var building = 0
    private(set) var overlaps = 0
    private(set) var parallelBuilds = 0
    let total: Int
    let pause: UInt32
    let failAt: Int?

    init(total: Int, pause microseconds: UInt32 = 0, failAt: Int? = nil) {
        self.total = total
        pause = microseconds
        self.failAt = failAt
    }

    struct Failure: Error {}

    func claim() throws -> Int? {
        lock.lock()
        if claiming { overlaps += 1 }
        claiming = true
        let item = claimed
        claimed += 1
        lock.unlock()
        defer {
            lock.lock()
            claiming = false
            lock.unlock()
        }
        if item == failAt { throw Failure() }
        return item < total ? item : nil
    }

    /// With `firstBuildWaits`, the first build waits (10 s at most) for a second one to start.
    var firstBuildWaits = false
    private var started = false
    private let second = DispatchSemaphore(value: 0)
    private(set) var firstWaitedInVain = false

    func build(_ item: Int) -> Int {
        lock.lock()
        building += 1
        let first = !started
        started = true
        if building > 1 {
            parallelBuilds += 1
            second.signal()
        }
        lock.unlock()
        if first && firstBuildWaits && second.wait(timeout: .now() + 10) == .timedOut { firstWaitedInVain = true }
        if pause > 0 { usleep(pause) }
        lock.lock()
        building -= 1
        lock.unlock()
        return item
    }
}

@Suite("Messages made ahead")
struct PrefetcherTests {
    @Test(
        "every item comes out once, claimed one at a time, whether the maker keeps ahead or the consumers make their own",
        arguments: [(0 as UInt32, 0 as UInt32, 1), (0, 200, 1), (300, 0, 1), (300, 0, 4), (0, 200, 4)])
    func everyItemOnce(makerPause: UInt32, consumerPause: UInt32, consumers: Int) throws {
        let production = Production(total: 500, pause: makerPause)
        let prefetcher = Prefetcher(capacity: 8, inBackground: true, claim: { try production.claim() }, build: { production.build($0) })
        let items = Mutex<[Int]>([])
        DispatchQueue.concurrentPerform(iterations: consumers) { _ in
            while let item = try? prefetcher.next() {
                items.withLock { $0.append(item) }
                if consumerPause > 0 { usleep(consumerPause) }
            }
        }
        #expect(items.withLock { $0.sorted() } == Array(0..<500))
        #expect(production.overlaps == 0)
        #expect(try prefetcher.next() == nil)
        prefetcher.cancel()
    }

    @Test("a consumer that finds nothing ready builds its own item beside the maker rather than wait for it")
    func consumersBuildBesideTheMaker() throws {
        // The first build, the maker's or the consumer's, waits until another starts: a
        // consumer that waited for the maker's item instead would leave it waiting in vain.
        let production = Production(total: 50)
        production.firstBuildWaits = true
        let prefetcher = Prefetcher(capacity: 4, inBackground: true, claim: { try production.claim() }, build: { production.build($0) })
        var items: [Int] = []
        while let item = try prefetcher.next() { items.append(item) }
        #expect(items.sorted() == Array(0..<50))
        #expect(!production.firstWaitedInVain)
        #expect(production.parallelBuilds > 0)
        prefetcher.cancel()
    }

    @Test("a failure comes out after the items made before it, and again after that")
    func failure() throws {
        let production = Production(total: 100, pause: 50, failAt: 40)
        let prefetcher = Prefetcher(capacity: 4, claim: { try production.claim() }, build: { production.build($0) })
        var items: [Int] = []
        #expect(throws: Production.Failure.self) {
            while let item = try prefetcher.next() { items.append(item) }
        }
        #expect(items.sorted() == Array(0..<40))
        #expect(throws: Production.Failure.self) { try prefetcher.next() }
        prefetcher.cancel()
    }
}
