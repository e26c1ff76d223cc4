import DigestTestSupport
import Foundation
import Testing

@testable import DigestJournal

@Suite("What a run settled, folded into the replay it began from, says what the journal says")
struct SettledReadersTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-settled-\(UUID().uuidString)")
    let hasher = ReaderHasher(issueKey: "vol-2.6") { _ in [UInt8](repeating: 0x42, count: 32) }

    /// Earlier runs (in this boot and another), then one more run written line by line and
    /// noted as it goes: the summary made from the notes must be the summary made by reading
    /// the journal again, whatever the earlier runs left and whatever this run meets.
    @Test("random histories: the summary from memory is byte for byte the summary from reading the journal again")
    func matchesReadingAgain() throws {
        var random = SplitMix64.forTest(seed: 0x5E77_1ED)
        defer { try? FileManager.default.removeItem(at: folder) }
        for round in 0..<40 {
            let url = folder.appendingPathComponent("round-\(round).journal")
            let readers = (0..<(20 + Int(random.next() % 3_000))).map { "reader\($0)@example.org" }
            func pick() -> String { readers[Int(random.next() % UInt64(readers.count))] }
            // What earlier runs left: every kind of last line, and reservations of a run in
            // another boot that never closed.
            var earlier = ""
            for _ in 0..<Int(random.next() % 400) {
                let reader = pick()
                switch random.next() % 6 {
                case 0: earlier += "intent\t\(reader)\t<m@x>\t\n"
                case 1: earlier += "intent\t\(reader)\t<m@x>\t\naccepted\t\(reader)\t<m@x>\t250 ok\n"
                case 2: earlier += "failed\t\(reader)\t<m@x>\t550 no such user\n"
                case 3: earlier += "deferred\t\(reader)\t<m@x>\t451 later\n"
                case 4: earlier += "uncertain\t\(reader)\t<m@x>\tno reply\n"
                default: earlier += "reserved\t\(reader)\t\tother-boot/run-1\n"
                }
            }
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(earlier.utf8).write(to: url)
            // Sometimes the journal continues a summary another machine committed.
            var base: SentSummary?
            if random.next() % 3 == 0 {
                let named = readers.shuffled(using: &random).prefix(Int(random.next() % UInt64(readers.count)))
                var lists: [[UInt64]] = [[], [], []]
                for reader in named { lists[Int(random.next() % 3)].append(hasher.hash(reader: reader)) }
                base = SentSummary(
                    issueKey: "vol-2.6", title: "Vol 2.6", fingerprint: "f1", updated: "2026-12-06T00:00:00Z", keyCheck: hasher.check,
                    accepted: lists[0], refused: lists[1], uncertain: lists[2])
            }
            func replay() throws -> JournalReplay {
                var replay = try SendJournal.replay(at: url, boot: "this-boot")
                if let base { replay.rest(on: base, hasher: hasher) }
                return replay
            }
            var before = try replay()
            before.noteFingerprint("f1")

            // This run: some readers again, each settled once, every line noted.
            let settled = SettledReaders()
            do {
                let journal = try SendJournal(url: url, backgroundFlush: false)
                try journal.record(.issue, reader: "", messageID: "f1", detail: "Vol 2.6")
                let mailed = Array(Set((0..<Int(random.next() % 1_500)).map { _ in pick() }))
                _ = try journal.reserve(mailed)
                for reader in mailed {
                    let standing: ReaderStanding
                    let event: SendJournal.Event
                    switch random.next() % 8 {
                    case 0: (event, standing) = (.refused, .refused(reply: "550 no"))
                    case 1: (event, standing) = (.deferred, .deferred(reason: "451 later"))
                    case 2: (event, standing) = (.uncertain, .uncertain(reason: "no reply"))
                    default: (event, standing) = (.accepted, .accepted)
                    }
                    if event != .deferred { try journal.record(.intent, reader: reader, messageID: "<n@x>") }
                    try journal.record(event, reader: reader, messageID: "<n@x>", detail: "detail")
                    settled.note(reader, standing)
                }
                try journal.closeRun()
            }
            #expect(settled.isComplete)
            var after = before
            after.absorb(settled)
            var reread = try replay()
            reread.noteFingerprint("f1")
            let fromMemory = after.summary(hasher: hasher, issueKey: "vol-2.6", title: "Vol 2.6", updated: "now")
            let fromDisk = reread.summary(hasher: hasher, issueKey: "vol-2.6", title: "Vol 2.6", updated: "now")
            #expect(fromMemory == fromDisk, "round \(round)")
            #expect(after.tally == reread.tally, "round \(round)")
            for reader in readers.prefix(200) {
                #expect(after.standing(of: reader).map(kind) == reread.standing(of: reader).map(kind), "round \(round): \(reader)")
            }
        }
    }

    /// The standing's kind: reasons from a summary or a line may be worded differently.
    func kind(_ standing: ReaderStanding) -> String {
        switch standing {
        case .accepted: "accepted"
        case .refused: "refused"
        case .deferred: "deferred"
        case .uncertain: "uncertain"
        }
    }

    @Test("a reader noted twice in a run stands as the last note says, as the journal's last line decides")
    func lastNoteDecides() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("twice.journal")
        let settled = SettledReaders()
        do {
            let journal = try SendJournal(url: url, backgroundFlush: false)
            for (reader, event, standing) in [
                ("a@example.org", SendJournal.Event.refused, ReaderStanding.refused(reply: "550 no")),
                ("a@example.org", .accepted, .accepted),
                ("b@example.org", .accepted, .accepted), ("b@example.org", .uncertain, .uncertain(reason: "no reply")),
                ("c@example.org", .deferred, .deferred(reason: "451")), ("c@example.org", .accepted, .accepted),
            ] {
                try journal.record(event, reader: reader, messageID: "<m@x>", detail: "detail")
                settled.note(reader, standing)
            }
            try journal.closeRun()
        }
        var after = JournalReplay(boot: "this-boot")
        after.absorb(settled)
        let reread = try SendJournal.replay(at: url, boot: "this-boot")
        for reader in ["a@example.org", "b@example.org", "c@example.org"] {
            #expect(after.standing(of: reader).map(kind) == reread.standing(of: reader).map(kind), "\(reader)")
        }
        #expect(
            after.summary(hasher: hasher, issueKey: "k", title: "t", updated: "u")
                == reread.summary(hasher: hasher, issueKey: "k", title: "t", updated: "u"))
    }

    @Test("a run's accepted readers are handed to the replay, not copied: the largest array of a send's end is held once")
    func handedOver() {
        let settled = SettledReaders(expected: 5_000)
        for index in 0..<5_000 { settled.note("reader\(index)@example.org", .accepted) }
        var after = JournalReplay(boot: "this-boot")
        after.absorb(settled)
        let sortedInPlace = after.accepted.batchSortedInPlace
        #expect(sortedInPlace)
        #expect(after.acceptedCount == 5_000)
        #expect(after.standing(of: "reader4999@example.org").map(kind) == "accepted")
    }

    @Test("a line that could not be written leaves the run incomplete: the summary must then read the journal")
    func missingLine() {
        let settled = SettledReaders()
        settled.note("a@example.org", .accepted)
        #expect(settled.isComplete)
        settled.noteMissingLine()
        #expect(!settled.isComplete)
    }

    @Test("a reader's fingerprint and hash are those of summaries already committed: SHA-256, then HMAC-SHA256, big-endian")
    func hashesStayTheSame() {
        // Worked out with Python's hashlib and hmac, key 32 bytes of 0x42.
        let plain = ReaderFingerprint("reader@example.org")
        #expect(plain.high == 0x32a9_c5af_d145_18dd && plain.low == 0xe375_f5d3_6140_0d2f)
        let accented = ReaderFingerprint("zoë@exämple.org")
        #expect(accented.high == 0x7de5_8d42_6180_0f40 && accented.low == 0x2947_fc92_84cf_dad5)
        #expect(hasher.hash(reader: "reader@example.org") == 1_955_870_732_831_959)
        #expect(hasher.hash(reader: "zoë@exämple.org") == 21_090_338_325_711_632)
        #expect(hasher.check == "f13a55bbd6c0d0d1")
    }
}
