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
        let bytes = address.utf8
        guard let at = bytes.lastIndex(of: UInt8(ascii: "@")) else { return address }
        // Valid domains are ASCII (the address rule refuses others): lowercase the bytes.
        guard bytes[at...].allSatisfy({ $0 < 0x80 }) else {
            return String(address[..<at]) + address[at...].lowercased()
        }
        let upper = UInt8(ascii: "A")...UInt8(ascii: "Z")
        guard bytes[at...].contains(where: upper.contains) else { return address }
        var key = Array(bytes)
        for index in (bytes.distance(from: bytes.startIndex, to: at) + 1)..<key.count
        where upper.contains(key[index]) {
            key[index] += 32
        }
        return String(decoding: key, as: UTF8.self)
    }

    /// Why a field cannot be stored or used in a header, or `nil` when the row is sound.
    public static func problem(address: String, name: String) -> String? {
        // Control characters are single bytes in UTF-8, never part of a longer character:
        // the bytes are looked at, which is quicker than the characters (every row, every send).
        for (field, value) in [("address", address), ("name", name)]
        where value.utf8.contains(where: { $0 == 13 || $0 == 10 || $0 == 0 }) {
            return "the \(field) contains a line break or NUL, which could forge mail headers; remove it"
        }
        if let problem = EmailAddressCheck.problem(with: address) {
            return "the address \"\(address)\" \(problem)"
        }
        if name.containsControlCharacter {
            return "the name contains a control character; remove it"
        }
        return nil
    }
}
