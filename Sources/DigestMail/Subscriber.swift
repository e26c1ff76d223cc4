import DigestCore

/// Whether a subscriber is mailed: only `subscribed` readers are.
public enum SubscriberStatus: String, Sendable, CaseIterable {
    case subscribed
    /// The reader asked to leave.
    case unsubscribed
    /// The reader's mailbox refused mail for good (or too often for a while).
    case bounced
    /// The reader reported the newsletter as spam: suppressed for good, never brought back
    /// by an import.
    case complained

    /// Whether the reader is kept from mail by something other than their own say-so in a
    /// list the editor handles; every status but `subscribed` suppresses.
    public var isSuppressed: Bool { self != .subscribed }

    /// How strongly a status keeps a reader from mail, for a row several sources disagree on.
    var weight: Int {
        switch self {
        case .subscribed: 0
        case .unsubscribed: 1
        case .bounced: 2
        case .complained: 3
        }
    }
}

/// One row of the subscriber list.
public struct Subscriber: Equatable, Sendable {
    public var address: String
    public var name: String
    public var status: SubscriberStatus
    /// The day the reader subscribed.
    public var subscribed: IssueDate?
    /// The day the status last changed.
    public var changed: IssueDate?
    /// Why the status last changed (`550 5.1.1 user unknown`, `complaint via Yahoo`), or
    /// empty; the sixth column, written only by lists that have one.
    public var reason: String
    /// The line the row starts on in the file it was read from; `nil` for a row not read
    /// from a file. Not part of what makes two rows equal.
    public var line: Int?

    public init(
        address: String, name: String = "", status: SubscriberStatus = .subscribed, subscribed: IssueDate? = nil, changed: IssueDate? = nil,
        reason: String = ""
    ) {
        self.address = address
        self.name = name
        self.status = status
        self.subscribed = subscribed
        self.changed = changed
        self.reason = reason
    }

    /// The line `digest subscribers list` prints: address, status, since when and why (once
    /// no longer subscribed), name; tabs between, empty fields left out.
    public var listLine: String {
        let since = status == .subscribed ? "" : changed.map { "since \($0.iso)" } ?? ""
        return [address, status.rawValue, since, reason, name].filter { !$0.isEmpty }.joined(separator: "\t")
    }

    public static func == (lhs: Subscriber, rhs: Subscriber) -> Bool {
        (lhs.address, lhs.name, lhs.status, lhs.subscribed, lhs.changed, lhs.reason)
            == (rhs.address, rhs.name, rhs.status, rhs.subscribed, rhs.changed, rhs.reason)
    }

    /// The address as one mailbox is known by: the list's duplicate check, `remove`, imports,
    /// the send journal and the unsubscribe link all compare this. The whole address in
    /// lowercase: RFC 5321 lets a server tell `Editor@` from `editor@`, but no large
    /// provider does, and two rows for one mailbox would mail one reader twice. (Addresses
    /// are ASCII: the address check refuses others.)
    public var key: String { Self.key(of: address) }

    /// The key of `address` (see ``key``); also what a journal's reader field is read as, so
    /// that a journal written when keys kept the local part's letter case still matches.
    public static func key(of address: String) -> String { MailboxKey.of(address) }

    /// Why a field cannot be stored or used in a header, or `nil` when the row is sound.
    public static func problem(address: String, name: String) -> String? {
        // Control characters are single bytes in UTF-8, never part of a longer character:
        // the bytes are looked at, which is quicker than the characters (every row, every send).
        func breaksHeaders(_ value: String) -> Bool { value.utf8.contains { $0 == 13 || $0 == 10 || $0 == 0 } }
        if breaksHeaders(address) || breaksHeaders(name) {
            let field = breaksHeaders(address) ? "address" : "name"
            return "the \(field) contains a line break or NUL, which could forge mail headers; remove it"
        }
        if let problem = EmailAddressCheck.problem(with: address) {
            return "the address \"\(address.controlCharactersShown)\" \(problem)"
        }
        if name.containsControlCharacter {
            return "the name contains a control character; remove it"
        }
        return nil
    }
}
