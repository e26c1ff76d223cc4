import DigestJournal
import DigestMail
import DigestSend
import DigestTestSupport
import Foundation
import Testing

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
            // Only reservations not yet flushed past: about one batch of 64, and the next.
            #expect(uncertainNeverSent <= 128)
        }
        // The same journal whole, after the send ended, leaves nobody uncertain in any boot.
        let replay = try SendJournal.replay(at: url, boot: "the-boot-after-the-power-cut")
        #expect(replay.unsettled.isEmpty && replay.acceptedCount == 400, "\(replay.unsettled.prefix(3))")
    }
}
