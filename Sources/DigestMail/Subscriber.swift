import DigestCore

/// Whether a subscriber is mailed.
public enum SubscriberStatus: String, Sendable, CaseIterable {
    case subscribed
    case unsubscribed
    case bounced
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

    public init(
        address: String, name: String = "", status: SubscriberStatus = .subscribed, subscribed: IssueDate? = nil, changed: IssueDate? = nil
    ) {
        self.address = address
        self.name = name
        self.status = status
        self.subscribed = subscribed
        self.changed = changed
    }

    /// The address as duplicates are found: the domain in lowercase, the local part as written
    /// (RFC 5321 lets a server tell `Editor@` from `editor@`, though few do).
    public var key: String {
        guard let at = address.lastIndex(of: "@") else { return address }
        return String(address[..<at]) + "@" + address[address.index(after: at)...].lowercased()
    }

    /// Why a field cannot be stored or used in a header, or `nil` when the row is sound.
    public static func problem(address: String, name: String) -> String? {
        for (field, value) in [("address", address), ("name", name)]
        where value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
            return "the \(field) contains a line break or NUL, which could forge mail headers; remove it"
        }
        if let problem = EmailAddressCheck.problem(with: address) {
            return "the address \"\(address)\" \(problem)"
        }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "the name contains a control character; remove it"
        }
        return nil
    }
}
