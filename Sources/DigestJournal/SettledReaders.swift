import Synchronization

/// What one run of a send settled, noted as it settles it, so that the summary written when
/// the run ends is made from memory rather than by reading back and hashing every line of
/// the journal after the last message.
///
/// Readers accepted are kept as ``ReaderFingerprint``s (16 bytes each); the few refused,
/// deferred or uncertain by their key, as the replay keeps them. Folded into the replay the
/// run began from (``JournalReplay/absorb(_:)``), it says what reading the journal again
/// would say, for every reader a line of this run names. Safe to call from every connection
/// at once.
public final class SettledReaders: Sendable {
    private struct Record {
        var accepted: [ReaderFingerprint] = []
        var others: [String: ReaderStanding] = [:]
        /// Whether a line of this run may be missing from the record: one that could not be
        /// written leaves the journal saying what the record cannot know.
        var isComplete = true
    }

    private let record: Mutex<Record>

    /// - Parameter expected: readers the run is about to send, room made for them at once.
    public init(expected: Int = 0) {
        var record = Record()
        record.accepted.reserveCapacity(max(0, expected))
        self.record = Mutex(record)
    }

    /// Notes the line the journal was just given for `reader`: its last word on them.
    public func note(_ reader: String, _ standing: ReaderStanding) {
        if standing == .accepted {
            // Hashed before the lock is taken: the connections wait only for the append.
            let fingerprint = ReaderFingerprint(reader)
            record.withLock { record in
                // The last line about a reader decides, as in the journal.
                if !record.others.isEmpty { record.others[reader] = nil }
                record.accepted.append(fingerprint)
            }
        } else {
            record.withLock { $0.others[reader] = standing }
        }
    }

    /// Notes that a line of this run could not be written: only reading the journal again
    /// can say what it holds.
    public func noteMissingLine() {
        record.withLock { $0.isComplete = false }
    }

    /// Whether every line this run wrote about a reader is noted.
    public var isComplete: Bool { record.withLock { $0.isComplete } }

    /// The readers noted, handed over and forgotten here.
    func take() -> (accepted: [ReaderFingerprint], others: [String: ReaderStanding]) {
        record.withLock { record in
            defer {
                record.accepted = []
                record.others = [:]
            }
            return (record.accepted, record.others)
        }
    }
}
