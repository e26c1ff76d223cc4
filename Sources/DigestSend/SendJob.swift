import DigestCore
import DigestJournal
import DigestMail
import Foundation

/// One send of one issue: walks the subscribers, skips those the journal settles, makes and
/// journals each message, and counts what became of them. It is the transport's
/// `DeliverySource`.
public final class SendJob: DeliverySource {
    /// How far the send is.
    public struct Counts: Equatable, Sendable {
        /// Messages handed to the transport in this run.
        public var attempted = 0
        public var accepted = 0
        public var refused = 0
        public var deferred = 0
        public var uncertain = 0
        /// Readers the journal says were sent, refused or uncertain before this run.
        public var alreadyAccepted = 0
        public var alreadyRefused = 0
        public var alreadyUncertain = 0

        public init(attempted: Int = 0, accepted: Int = 0, refused: Int = 0, deferred: Int = 0, uncertain: Int = 0) {
            self.attempted = attempted
            self.accepted = accepted
            self.refused = refused
            self.deferred = deferred
            self.uncertain = uncertain
        }
    }

    /// A reader to report by name at the end: refused, deferred or uncertain.
    public struct Notable: Sendable {
        public var reader: String
        public var outcome: DeliveryOutcome
    }

    public var counts: Counts {
        lock.lock()
        defer { lock.unlock() }
        return storedCounts
    }
    private var storedCounts = Counts()

    /// The readers refused, deferred or uncertain in this run and the uncertain ones from
    /// before, the first few hundred of each kind.
    public var notable: [Notable] {
        lock.lock()
        defer { lock.unlock() }
        return storedNotable
    }
    private var storedNotable: [Notable] = []
    private var notedPerKind = [0, 0, 0]
    private let nextSubscriber: () throws -> Subscriber?
    private let replay: JournalReplay
    private let journal: SendJournal?
    private let factory: MessageFactory
    private let resendUncertain: Bool
    private let retryRefused: Bool
    private let progress: (Counts) -> Void
    /// What this run settled, line for line with the journal (DigestJournal's `JournalReplay.absorb(_:)`).
    let settled: SettledReaders
    static let notableLimit = 500

    /// - Parameters:
    ///   - subscribers: gives the list's readers one at a time, in order; only subscribed
    ///     ones are mailed.
    ///   - record: what earlier runs did, from the journal.
    ///   - journal: where this run's lines go; `nil` for test copies, which leave it alone.
    ///   - resendUncertain: mail again the readers whose message was in flight when a run stopped.
    ///   - retryRefused: mail again the readers the server refused (`--retry-refused`).
    ///   - expected: readers the run is likely to send, to make room for its record at once.
    ///   - progress: called after every outcome.
    public init(
        subscribers: @escaping () throws -> Subscriber?, replay: JournalReplay, journal: SendJournal?, factory: MessageFactory,
        resendUncertain: Bool, retryRefused: Bool = false, expected: Int = 0,
        progress: @escaping (Counts) -> Void = { _ in }
    ) {
        nextSubscriber = subscribers
        self.replay = replay
        self.journal = journal
        self.factory = factory
        self.resendUncertain = resendUncertain
        self.retryRefused = retryRefused
        self.progress = progress
        settled = SettledReaders(expected: expected)
    }

    /// Messages made ahead on another thread, so that making one overlaps sending another.
    private var made: Prefetcher<Subscriber, OutgoingMessage>?
    /// Guards the counts, the readers noted and `made`.
    private let lock = NSLock()

    deinit { made?.cancel() }

    /// The next reader's message. Safe from several threads at once (the SMTP transport's
    /// connections): the next reader is claimed one thread at a time, and the message made
    /// by the maker's thread or, when it falls behind, by the connection that needs it.
    public func next() throws -> OutgoingMessage? {
        lock.lock()
        if made == nil {
            // The maker holds the job weakly: a job let go mid-send stops it. It runs as
            // background work: woken, it never takes a core from the connections' threads or
            // from a mail server on the same machine (which delayed every reply when it did),
            // and 16 messages ahead (a quarter of a megabyte) it is woken every 12.
            let factory = factory
            made = Prefetcher(
                capacity: 16, inBackground: true, claim: { [weak self] in try self?.claim() },
                build: { try Self.message(for: $0, factory: factory) })
        }
        let made = made
        lock.unlock()
        // The journal's own thread flushes it, and close() at the end: nothing to flush here.
        guard let message = try made?.next() else { return nil }
        update { $0.attempted += 1 }
        return message
    }

    /// Readers reserved in the journal whose messages are being made, and the batch after
    /// them, reserved ahead so that its flush runs while this batch is made (by one thread
    /// at a time: the maker's, or a connection's thread when the maker falls behind).
    private var reserved: [Subscriber] = []
    private var nextReserved = 0
    private var ahead: Reservation?
    /// Readers the first flush reserves: a power cut could make a batch of them, twice over
    /// (this batch and the next), uncertain without their message having gone; a flush costs
    /// as much as sending a message or two, so one per message would halve the rate.
    static let reservationBatch = 64
    /// The most readers one flush reserves, however slow the disk.
    static let largestReservationBatch = 512
    /// Readers the next reservation takes: ``reservationBatch``, grown until a batch lasts
    /// ``batchDuration`` and doubled each time a batch's flush had not finished when its first
    /// message was due, up to ``largestReservationBatch``.
    /// A batch must last longer than a flush: at 4,000 messages a second 64 readers last
    /// 16 ms, and on a disk busy with other work a flush took 27 ms one time in ten (74 ms
    /// at most), which stopped every connection for the difference; 512 last 128 ms, and
    /// hold twice that many readers in memory at most. One thread at a time.
    private var batchSize = SendJob.reservationBatch
    /// The largest batch this send reserved: a power cut leaves at most twice as many
    /// readers uncertain without their message having gone.
    private(set) var largestBatch = SendJob.reservationBatch
    /// A flush that keeps the first message of its batch waiting longer than this, in
    /// nanoseconds, was late (1 ms; tests set 0, to find every flush late).
    var lateFlush: UInt64 = 1_000_000
    /// How long a batch should last at the rate the send goes, in nanoseconds: batches grow
    /// (up to ``largestReservationBatch``) until one lasts this long, so a fast send flushes
    /// about twenty times a second rather than once every 64 messages, and a power cut
    /// leaves the last tenth of a second or so uncertain whatever the rate (tests set 0 to
    /// keep the batches as the flushes alone make them).
    var batchDuration: UInt64 = 50_000_000
    /// When the batch being handed out began, after its flush.
    private var batchBegan: UInt64?

    /// Readers reserved since freed memory was last given back (``FreedMemory``).
    private var reservedSinceRelease = 0

    /// Readers written to the journal as reserved, and where their lines end.
    private struct Reservation {
        var readers: [Subscriber]
        var end: Int
    }

    /// The next reader to mail, their reservation on disk (one thread at a time: see ``reserved``).
    private func claim() throws -> Subscriber? {
        if nextReserved == reserved.count {
            if let began = batchBegan, !reserved.isEmpty {
                // The readers that would last `batchDuration` at the rate the last batch went.
                let lasted = max(1, DispatchTime.now().uptimeNanoseconds - began)
                let lasting = UInt64(reserved.count).multipliedReportingOverflow(by: batchDuration).partialValue / lasted
                let size = Int(min(lasting, UInt64(Self.largestReservationBatch)))
                if size > batchSize {
                    batchSize = size
                    largestBatch = max(largestBatch, batchSize)
                }
            }
            let batch = try ahead ?? reserveReaders()
            // Its flush was asked for a batch ago, so this rarely waits; when it does, the
            // disk is slower than a batch lasts, and the next batches are larger.
            let start = DispatchTime.now().uptimeNanoseconds
            try journal?.makeDurable(upTo: batch.end)
            if DispatchTime.now().uptimeNanoseconds - start > lateFlush, batchSize < Self.largestReservationBatch {
                batchSize *= 2
                largestBatch = max(largestBatch, batchSize)
            }
            reserved = batch.readers
            nextReserved = 0
            batchBegan = DispatchTime.now().uptimeNanoseconds
            ahead = batch.readers.isEmpty ? nil : try reserveReaders()
        }
        guard nextReserved < reserved.count else { return nil }
        let subscriber = reserved[nextReserved]
        nextReserved += 1
        return subscriber
    }

    /// `subscriber`'s message, on whichever thread needs it.
    private static func message(for subscriber: Subscriber, factory: MessageFactory) throws -> OutgoingMessage {
        do {
            return try factory.message(for: subscriber)
        } catch {
            // The values that go into headers come from the issue and the settings (a
            // reader's own are checked with the list), so a message that cannot be made
            // is a mistake every reader would meet: the send stops, nobody is marked.
            throw DeliveryFailure("cannot make the message for \(subscriber.address): \(error.description)")
        }
    }

    /// The next readers to mail, skipping those the journal settles, reserved in the journal;
    /// the journal's flusher is asked to put them on disk at once.
    private func reserveReaders() throws -> Reservation {
        reservedSinceRelease += batchSize
        if reservedSinceRelease >= FreedMemory.messagesBetweenReleases {
            reservedSinceRelease = 0
            FreedMemory.release()
        }
        var readers: [Subscriber] = []
        while readers.count < batchSize, let subscriber = try nextSubscriber() {
            guard subscriber.status == .subscribed else { continue }
            switch replay.standing(of: subscriber.key) {
            case .accepted?:
                update { $0.alreadyAccepted += 1 }
            case .refused? where !retryRefused:
                update { $0.alreadyRefused += 1 }
            case .uncertain(let reason)? where !resendUncertain:
                update { $0.alreadyUncertain += 1 }
                note(subscriber.key, .uncertain(reason: reason))
            case .uncertain?, .refused?, .deferred?, nil:
                readers.append(subscriber)
            }
        }
        return Reservation(readers: readers, end: try journal?.reserve(readers.map(\.key)) ?? 0)
    }

    /// The intent is written here, just before the final dot, rather than when the message
    /// is handed out: a send killed before this point left the server nothing it could
    /// deliver, so the reader is simply sent again, and only a kill in the moment between
    /// the final dot and the server's reply leaves a reader uncertain. It is not flushed:
    /// the reservation on disk already covers a power cut.
    public func willCommit(_ message: OutgoingMessage) throws {
        try journal?.record(.intent, reader: message.reader, messageID: message.messageID)
    }

    public func finished(_ message: OutgoingMessage, _ outcome: DeliveryOutcome) throws {
        let reader = message.reader
        let now: Counts
        let event: SendJournal.Event
        let standing: ReaderStanding
        let detail: String
        switch outcome {
        case .accepted(let reply):
            now = update { $0.accepted += 1 }
            (event, standing, detail) = (.accepted, .accepted, reply)
        case .refused(let reply):
            now = update { $0.refused += 1 }
            (event, standing, detail) = (.refused, .refused(reply: reply), reply)
            note(reader, outcome)
        case .deferred(let reason):
            now = update { $0.deferred += 1 }
            (event, standing, detail) = (.deferred, .deferred(reason: reason), reason)
            note(reader, outcome)
        case .uncertain(let reason):
            now = update { $0.uncertain += 1 }
            (event, standing, detail) = (.uncertain, .uncertain(reason: reason), reason)
            note(reader, outcome)
        }
        if let journal {
            do {
                try journal.record(event, reader: reader, messageID: message.messageID, detail: detail)
                settled.note(reader, standing)
            } catch {
                settled.noteMissingLine()
                throw error
            }
        }
        // The console hears of outcomes one at a time, whichever threads they come from.
        progressLock.lock()
        progress(now)
        progressLock.unlock()
    }

    /// What the journal says now, made from what it said when the run began and what the
    /// run settled, without reading it again; `nil` when a line could not be written (the
    /// journal then knows what this run cannot), or the run kept no journal. Called once,
    /// when the run has ended: it hands over what the run noted.
    public func journalAfterRun() -> JournalReplay? {
        guard journal != nil, settled.isComplete else { return nil }
        var replay = replay
        replay.absorb(settled)
        return replay
    }

    /// Calls come from the transport's connections at once: ``next()`` claims readers one
    /// at a time (the prefetcher's claim lock); intents and outcomes only write a journal
    /// line (the journal takes one `write(2)` at a time), count under `lock`, and tell the
    /// console under `progressLock`.
    public var takesCallsConcurrently: Bool { true }
    private let progressLock = NSLock()

    /// Stops making messages, notes in the journal that the run ended with every message it
    /// handed out settled, and flushes it: called when the send ends, however it ends.
    public func close() throws {
        made?.cancel()
        try journal?.closeRun()
    }

    /// Changes the counts; returns them as changed.
    @discardableResult
    private func update(_ change: (inout Counts) -> Void) -> Counts {
        lock.lock()
        defer { lock.unlock() }
        change(&storedCounts)
        return storedCounts
    }

    /// Keeps a reader to name in the report: the first ``notableLimit`` of each kind.
    private func note(_ reader: String, _ outcome: DeliveryOutcome) {
        let kind: Int
        switch outcome {
        case .refused: kind = 0
        case .deferred: kind = 1
        case .uncertain: kind = 2
        case .accepted: return
        }
        lock.lock()
        if notedPerKind[kind] < Self.notableLimit {
            notedPerKind[kind] += 1
            storedNotable.append(Notable(reader: reader, outcome: outcome))
        }
        lock.unlock()
    }
}
