/// What a journal says about every reader it names. Readers whose message was accepted
/// are kept as 128-bit fingerprints in a sorted table, so a list of 100,000 costs 2 MB.
public struct JournalReplay: Sendable {
    private(set) var accepted = ReaderFingerprintSet()
    /// Readers whose last line is not `accepted`, with their standing.
    private var others: [String: ReaderStanding] = [:]
    /// The boot of the process reading the journal.
    private let boot: String?
    /// Readers reserved in another boot with no line after the reservation, by run: their
    /// intent may have been lost with the power, unless their run ended with a `closed` line.
    private var reservedElsewhere: [String: String] = [:]
    /// The committed summary the journal continues, where the machine has no fuller record,
    /// and the hash that finds readers in it.
    private var base: (summary: SentSummary, hasher: ReaderHasher)?
    /// The counts with the summary's readers, made once when the replay comes to rest on it:
    /// each costs a keyed hash per reader.
    private var restingTally: (accepted: Int, refused: Int, uncertain: Int)?

    /// Lines that cannot be read, the first ``damageListed`` of them, and how many in all.
    public private(set) var damage: [JournalDamage] = []
    public private(set) var damagedLines = 0
    static let damageListed = 20
    /// The fingerprint of the issue the last run sent, from its `issue` line (or the summary's).
    public private(set) var fingerprint: String?

    public init(boot: String? = BootSession.current) {
        self.boot = boot
    }

    /// Whether this replay continues `summary`, or continues none when it is `nil`.
    public func restsOn(_ summary: SentSummary?) -> Bool {
        base?.summary == summary
    }

    /// Whether the journal and any summary it continues name no reader: a first send's.
    public var namesNobody: Bool { accepted.isEmpty && others.isEmpty && base == nil }

    /// Readers whose message was accepted, in the journal and in any summary it continues.
    public var acceptedCount: Int { tally.accepted }

    /// How many readers were sent, refused and left uncertain, counting a summary's readers
    /// once whatever the journal says of them since.
    public var tally: (accepted: Int, refused: Int, uncertain: Int) {
        if let restingTally { return restingTally }
        var refused = 0
        var uncertain = 0
        for standing in others.values {
            switch standing {
            case .refused: refused += 1
            case .uncertain: uncertain += 1
            case .accepted, .deferred: break
            }
        }
        return (accepted.count, refused, uncertain)
    }

    /// Notes the fingerprint of the text this run sends, as its `issue` line does.
    public mutating func noteFingerprint(_ fingerprint: String) {
        self.fingerprint = fingerprint
    }

    /// Continues `summary`: readers the journal does not name stand as the summary says.
    /// Called once the whole journal is read.
    public mutating func rest(on summary: SentSummary, hasher: ReaderHasher) {
        base = (summary, hasher)
        fingerprint = fingerprint ?? summary.fingerprint
        // Counted by looking each of the journal's readers up in the summary, not by
        // building the merged table: that is a second table of every reader.
        var counts = summary.counts
        func move(_ hash: UInt64, to kind: SentSummary.Kind?) {
            switch summary.kind(of: hash) {
            case .accepted?: counts.accepted -= 1
            case .refused?: counts.refused -= 1
            case .uncertain?: counts.uncertain -= 1
            case nil: break
            }
            switch kind {
            case .accepted?: counts.accepted += 1
            case .refused?: counts.refused += 1
            case .uncertain?: counts.uncertain += 1
            case nil: break
            }
        }
        forEachEntry(hasher) { move($0, to: $1) }
        restingTally = counts
    }

    /// Takes in what a run settled after this replay was read (``SettledReaders``), as
    /// reading its lines would: each reader it names stands as it last said.
    public mutating func absorb(_ run: SettledReaders) {
        let (newlyAccepted, settled) = run.take()
        if !others.isEmpty && !newlyAccepted.isEmpty {
            // An accepted reader is known here by fingerprint; one an earlier run left
            // refused, deferred or uncertain, by key. The few such keys are hashed to match.
            var keys: [ReaderFingerprint: String] = [:]
            for reader in others.keys where settled[reader] == nil { keys[ReaderFingerprint(reader)] = reader }
            for fingerprint in newlyAccepted { if let reader = keys[fingerprint] { others[reader] = nil } }
        }
        // Handed over, not copied: the run's table is the largest array a send holds.
        accepted.insert(contentsOf: consume newlyAccepted)
        for (reader, standing) in settled {
            accepted.remove(ReaderFingerprint(reader))
            others[reader] = standing
        }
        // The counts made when the replay came to rest on a summary are out of date.
        if let base { rest(on: base.summary, hasher: base.hasher) }
    }

    /// Calls `body` with the keyed hash and summary kind of every reader the journal names
    /// (`nil` for a deferred one, who is to be sent again).
    private func forEachEntry(_ hasher: ReaderHasher, _ body: (UInt64, SentSummary.Kind?) -> Void) {
        accepted.forEach { body(hasher.hash($0), .accepted) }
        for (reader, standing) in others {
            let kind: SentSummary.Kind? =
                switch standing {
                case .accepted: .accepted
                case .refused: .refused
                case .uncertain: .uncertain
                case .deferred: nil
                }
            body(hasher.hash(ReaderFingerprint(reader)), kind)
        }
    }

    /// What this replay says, as a summary to commit: every reader sent, refused or
    /// uncertain, by a keyed hash, and no address. Where the journal continues no summary
    /// (the usual case), the hashes go straight into sorted lists, with no table of them.
    public func summary(hasher: ReaderHasher, issueKey: String, title: String, updated: String) -> SentSummary {
        var acceptedList: [UInt64] = []
        var refusedList: [UInt64] = []
        var uncertainList: [UInt64] = []
        if let summary = base?.summary {
            // The rare case of a journal that continues a summary: a table merges the two.
            var entries: [UInt64: SentSummary.Kind] = [:]
            for kind in SentSummary.Kind.allCases {
                for hash in kind == .accepted ? summary.accepted : kind == .refused ? summary.refused : summary.uncertain {
                    entries[hash] = kind
                }
            }
            forEachEntry(hasher) { entries[$0] = $1 }
            for (hash, kind) in entries { Self.add(hash, kind, &acceptedList, &refusedList, &uncertainList) }
        } else {
            acceptedList.reserveCapacity(accepted.count)
            forEachEntry(hasher) { hash, kind in if let kind { Self.add(hash, kind, &acceptedList, &refusedList, &uncertainList) } }
        }
        // Handed over, not copied: the summary sorts them in place.
        return SentSummary(
            issueKey: issueKey, title: title, fingerprint: fingerprint, updated: updated, keyCheck: hasher.check,
            accepted: consume acceptedList,
            refused: consume refusedList, uncertain: consume uncertainList)
    }

    private static func add(
        _ hash: UInt64, _ kind: SentSummary.Kind, _ accepted: inout [UInt64], _ refused: inout [UInt64], _ uncertain: inout [UInt64]
    ) {
        switch kind {
        case .accepted: accepted.append(hash)
        case .refused: refused.append(hash)
        case .uncertain: uncertain.append(hash)
        }
    }

    /// The readers who are not (certainly) sent, by key, with their standing.
    public var unsettled: [String: ReaderStanding] { others }

    public func standing(of reader: String) -> ReaderStanding? {
        // A first send's replay is empty: nothing to hash.
        if !others.isEmpty, let standing = others[reader] { return standing }
        if !accepted.isEmpty || base != nil {
            let fingerprint = ReaderFingerprint(reader)
            if accepted.contains(fingerprint) { return .accepted }
            if let base {
                switch base.summary.kind(of: base.hasher.hash(fingerprint)) {
                case .accepted?: return .accepted
                case .refused?: return .refused(reply: Self.refusedElsewhere)
                case .uncertain?: return .uncertain(reason: Self.uncertainElsewhere)
                case nil: break
                }
            }
        }
        return nil
    }

    static let refusedElsewhere = "refused in an earlier send (the committed summary keeps no reply)"
    static let uncertainElsewhere = "uncertain in an earlier send (the committed summary keeps no reason)"

    mutating func noteDamage(_ damage: JournalDamage) {
        damagedLines += 1
        if self.damage.count < Self.damageListed { self.damage.append(damage) }
    }

    static let lostIntent =
        "reserved before the system restarted (a power cut or a crash of the system), which may have lost its intent: the message may have gone"

    /// Applies one journal line, read whole (``JournalLine`` checked it).
    mutating func apply(event name: String, reader: String, messageID: String, detail: String, line: Int) {
        guard let event = SendJournal.Event(rawValue: name) else { return }
        if event == .closed {
            reservedElsewhere = reservedElsewhere.filter { $0.value != detail }
            return
        }
        if event == .issue {
            fingerprint = messageID
            return
        }
        guard !reader.isEmpty else { return }
        if event == .reserved {
            // In this boot, nothing written was lost: a reservation with no intent after it
            // was never sent, and leaves the reader as it was.
            let sameBoot = boot.map { detail.hasPrefix($0 + "/") } ?? false
            if !sameBoot { reservedElsewhere[reader] = detail }
            return
        }
        reservedElsewhere[reader] = nil
        if event == .accepted {
            others[reader] = nil
            accepted.insert(ReaderFingerprint(reader))
            return
        }
        accepted.remove(ReaderFingerprint(reader))
        switch event {
        case .intent: others[reader] = .uncertain(reason: "the send stopped while this message was in flight")
        case .uncertain: others[reader] = .uncertain(reason: detail)
        case .refused: others[reader] = .refused(reply: detail)
        case .deferred: others[reader] = .deferred(reason: detail)
        case .accepted, .reserved, .closed, .issue: break
        }
    }

    /// Makes the readers reserved in another boot, by a run that never closed, uncertain:
    /// called once every line is read.
    mutating func settleReservations() {
        for reader in reservedElsewhere.keys {
            accepted.remove(ReaderFingerprint(reader))
            others[reader] = .uncertain(reason: Self.lostIntent)
        }
        reservedElsewhere = [:]
    }
}
