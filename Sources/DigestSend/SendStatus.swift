import DigestJournal
import DigestMail

/// Where a send stands: the journal held against the list as it is now.
public struct SendStatus: Equatable, Sendable {
    /// Readers whose message was accepted (including any who have left the list since).
    public var accepted = 0
    public var refused = 0
    public var uncertain = 0
    /// Subscribed readers with no message accepted, refused or in doubt: the next run's work.
    public var remaining = 0
    /// Rows on the list, and subscribed readers among them.
    public var listed = 0
    public var subscribed = 0
    /// Subscribed readers refused or left uncertain, in list order: each needs the editor's
    /// decision (send again, or take off the list).
    public private(set) var needingDecision: [(reader: String, standing: ReaderStanding)] = []
    private let replay: JournalReplay?

    /// The journal's side; ``count(_:)`` adds the list's, one reader at a time.
    public init(replay: JournalReplay) {
        self.replay = replay
        (accepted, refused, uncertain) = replay.tally
    }

    public init(subscribers: some Sequence<Subscriber>, replay: JournalReplay) {
        self.init(replay: replay)
        for subscriber in subscribers { count(subscriber) }
    }

    public mutating func count(_ subscriber: Subscriber) {
        listed += 1
        guard subscriber.status == .subscribed else { return }
        subscribed += 1
        switch replay?.standing(of: subscriber.key) {
        case nil, .deferred?: remaining += 1
        case .accepted?: break
        case let standing? /* refused, uncertain */: needingDecision.append((subscriber.address, standing))
        }
    }

    /// Readers the next run mails: the remaining, with `--resend-uncertain` the uncertain and
    /// with `--retry-refused` the refused, of those still subscribed (not those who have left
    /// the list since).
    public func toSend(resendingUncertain: Bool, retryingRefused: Bool = false) -> Int {
        remaining
            + needingDecision.count {
                switch $0.standing {
                case .uncertain: resendingUncertain
                case .refused: retryingRefused
                default: false
                }
            }
    }

    public static func == (lhs: SendStatus, rhs: SendStatus) -> Bool {
        (lhs.accepted, lhs.refused, lhs.uncertain, lhs.remaining, lhs.listed, lhs.subscribed)
            == (rhs.accepted, rhs.refused, rhs.uncertain, rhs.remaining, rhs.listed, rhs.subscribed)
    }
}
