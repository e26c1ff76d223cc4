import DigestJournal
import DigestMail
import DigestTestSupport
import Foundation
import Testing

@testable import DigestSend

/// A transport that, at random moments of a send, takes what a power cut would leave of
/// the journal: everything flushed so far, and any part of what was written after it.
final class PowerCutTransport: Transport {
    /// Readers whose message reached its commit point: they may have received it.
    var committed: [String] = []
    /// The journals a power cut would have left, with the readers committed by then.
    var snapshots: [(journal: Data, committed: Set<String>)] = []
    let journal: SendJournal
    var random = SplitMix64.forTest(seed: 0x5EED_D16E_57, "power-cut replay")

    init(journal: SendJournal) {
        self.journal = journal
    }

    func deliver(from source: DeliverySource, stop: StopSignal) throws {
        while let message = try source.next() {
            try source.willCommit(message)
            committed.append(message.recipient)
            if random.next() % 7 == 0 { try snapshot() }
            try source.finished(message, .accepted(reply: "250 2.0.0 Ok: queued as X"))
            if random.next() % 7 == 0 { try snapshot() }
        }
    }

    func snapshot() throws {
        // What is flushed is read before the file, so it is a lower bound of what the file holds.
        let flushed = journal.flushedBytes
        let bytes = try Data(contentsOf: journal.url)
        let kept = Int.random(in: flushed...max(flushed, bytes.count), using: &random)
        snapshots.append((bytes.prefix(kept), Set(committed)))
    }
}

@Suite("A power cut during a send")
struct PowerCutTests {
    @Test("whatever a power cut leaves of the journal, every reader whose message may have gone is sent or uncertain, never mailed again")
    func powerCut() throws {
        let url = temporaryJournal()
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let list = readers(400)
        // No flushing thread: what is on disk is what the send itself made sure of.
        let journal = try SendJournal(url: url, backgroundFlush: false)
        let transport = PowerCutTransport(journal: journal)
        let job = SendJob(
            subscribers: iterate(list), replay: JournalReplay(), journal: journal, factory: try makeFactory(), resendUncertain: false)
        try transport.deliver(from: job, stop: StopSignal())
        try job.close()
        #expect(transport.snapshots.count > 50)

        let copy = url.deletingLastPathComponent().appendingPathComponent("after-the-power-cut.journal")
        for (bytes, committed) in transport.snapshots {
            try bytes.write(to: copy)
            let replay = try SendJournal.replay(at: copy, boot: "the-boot-after-the-power-cut")
            var uncertainNeverSent = 0
            for subscriber in list {
                let standing = replay.standing(of: subscriber.key)
                if committed.contains(subscriber.address) {
                    switch standing {
                    case .accepted?, .uncertain?: break
                    default:
                        Issue.record("\(subscriber.address) may have been mailed, yet the journal says \(String(describing: standing))")
                    }
                } else if case .uncertain? = standing {
                    uncertainNeverSent += 1
                }
            }
            // Only reservations not yet flushed past: about one batch of 64 (more when the
            // disk was slow), and the next.
            #expect(uncertainNeverSent <= 2 * job.largestBatch)
        }
        // The same journal whole, after the send ended, leaves nobody uncertain in any boot.
        let replay = try SendJournal.replay(at: url, boot: "the-boot-after-the-power-cut")
        #expect(replay.unsettled.isEmpty && replay.acceptedCount == 400, "\(replay.unsettled.prefix(3))")
    }
}

@Suite("Reservations on a slow disk")
struct ReservationBatchTests {
    /// The sizes of the runs of `reserved` lines in the journal, in order.
    func reservationRuns(_ url: URL) throws -> [Int] {
        var runs: [Int] = []
        var previousReserved = false
        for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") {
            let reserved = line.hasPrefix("reserved\t")
            if reserved { previousReserved ? (runs[runs.count - 1] += 1) : runs.append(1) }
            previousReserved = reserved
        }
        return runs
    }

    /// - Parameter batchDuration: how long a batch should last (SendJob's); 0 leaves the
    ///   batches to the flushes alone.
    func send(_ count: Int, everyFlushLate: Bool, batchDuration: UInt64 = 0) throws -> (runs: [Int], largest: Int) {
        let url = temporaryJournal()
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let journal = try SendJournal(url: url, backgroundFlush: false)
        let job = SendJob(
            subscribers: iterate(readers(count)), replay: JournalReplay(), journal: journal, factory: try makeFactory(),
            resendUncertain: false)
        job.lateFlush = everyFlushLate ? 0 : .max
        job.batchDuration = batchDuration
        while let message = try job.next() {
            try job.willCommit(message)
            try job.finished(message, .accepted(reply: "250 2.0.0 Ok: queued as X"))
        }
        try job.close()
        return (try reservationRuns(url), job.largestBatch)
    }

    @Test("flushes in time keep every batch at 64 readers: the first two reserved together, then one a batch")
    func inTime() throws {
        let (runs, largest) = try send(1_000, everyFlushLate: false)
        #expect(runs == [128] + Array(repeating: 64, count: 13) + [1_000 - 15 * 64])
        #expect(largest == 64)
    }

    @Test("a send faster than its batches grows them until one lasts the set time, up to 512 readers")
    func sizedByRate() throws {
        // Any batch of this loop lasts far less than a second: the first after the two
        // reserved at the start takes the most there may be.
        let (runs, largest) = try send(3_000, everyFlushLate: false, batchDuration: 1_000_000_000)
        #expect(runs == [128] + Array(repeating: 512, count: 5) + [3_000 - 128 - 5 * 512])
        #expect(largest == 512)
    }

    @Test("each late flush doubles the batches after it, up to 512 readers")
    func late() throws {
        let (runs, largest) = try send(2_000, everyFlushLate: true)
        #expect(runs == [64 + 128, 256, 512, 512, 512, 2_000 - 1_984])
        #expect(largest == 512)
    }
}
