import DigestCore

/// Which column of a subscriber CSV holds what, read from its header: digest's own
/// `address,name,status,subscribed,changed`, or the export of another tool (listmonk,
/// Mailchimp, Substack, Ghost, Buttondown, or any CSV with an address column).
///
/// The column names were checked against each tool's own export code or documentation:
/// listmonk writes `uuid,email,name,attributes,status,created_at,updated_at` and imports
/// `email,name,attributes`; Mailchimp's audience export is three files (subscribed,
/// unsubscribed with `UNSUB_TIME`, cleaned with `CLEAN_TIME`) headed `Email Address,First
/// Name,Last Name,…`; Substack's `email,active_subscription,expiry,plan,email_disabled,
/// created_at,…`; Ghost's `id,email,name,note,subscribed_to_emails,complimentary_plan,…`;
/// Buttondown's `email` (or `email_address`), `subscriber_type` (or `type`), `creation_date`.
public struct ListFormat: Sendable, Equatable {
    /// The tool whose export this looks like, for messages ("a Mailchimp export").
    public var source: String
    /// The number of columns the header names: a row with more fields is an error.
    public var width: Int
    var address: Int
    var name: Int?
    var firstName: Int?
    var lastName: Int?
    var statuses: [(column: Int, reading: StatusReading)]
    /// The status every row of the file has, when the file itself says it (Mailchimp's
    /// unsubscribed and cleaned exports).
    var fixedStatus: SubscriberStatus?
    var subscribed: Int?
    var changed: Int?
    /// Why the status last changed: digest's own sixth column.
    var reason: Int? = nil
    /// Whether this is digest's own format: its status words and dates are read strictly.
    var isOwn: Bool
    /// The header's columns as written, and those nothing reads.
    public var columns: [String]
    public var ignored: [String]

    public static func == (lhs: ListFormat, rhs: ListFormat) -> Bool { lhs.columns == rhs.columns && lhs.isOwn == rhs.isOwn }

    /// How a status column is read.
    enum StatusReading: Sendable {
        /// A word: `subscribed`, listmonk's `blocklisted`, Buttondown's `regular`…
        case word
        /// `true` means mailed (Ghost's `subscribed_to_emails`).
        case mailedWhenTrue
        /// `true` means not mailed (Substack's `email_disabled`).
        case notMailedWhenTrue
    }

    /// What a status value means for the list, or why the row is left out.
    enum StatusMeaning: Equatable {
        case status(SubscriberStatus)
        case leftOut(String)
    }

    /// digest's own header, which must start with `address`; `nil` if it does not.
    static func own(_ header: [String]) -> ListFormat? {
        let names = header.map(normalised)
        guard names.first == "address" else { return nil }
        func place(_ name: String) -> Int? { names.firstIndex(of: name) }
        let known: Set<String> = ["address", "name", "status", "subscribed", "changed", "reason"]
        var format = ListFormat(
            source: "digest", width: header.count, address: 0, name: place("name"), firstName: nil, lastName: nil,
            statuses: place("status").map { [($0, .word)] } ?? [], fixedStatus: nil, subscribed: place("subscribed"),
            changed: place("changed"), isOwn: true, columns: header, ignored: header.filter { !known.contains(normalised($0)) })
        format.reason = place("reason")
        return format
    }

    /// The format of any subscriber CSV, from its header, or why it cannot be read.
    static func recognise(_ header: [String]) -> Result<ListFormat, ListFormatError> {
        if let own = own(header) { return .success(own) }
        let names = header.map(normalised)
        var used = Set<Int>()
        func place(_ candidates: [String]) -> Int? {
            for candidate in candidates {
                if let index = names.firstIndex(of: candidate), !used.contains(index) {
                    used.insert(index)
                    return index
                }
            }
            return nil
        }
        guard let address = place(["email", "email address", "email_address", "e-mail", "e-mail address", "mail", "address"]) else {
            return .failure(ListFormatError(columns: header))
        }
        let name = place(["name", "full name", "full_name", "fullname", "display name"])
        let firstName = place(["first name", "first_name", "firstname", "fname", "given name"])
        let lastName = place(["last name", "last_name", "lastname", "lname", "surname", "family name"])
        var statuses: [(Int, StatusReading)] = []
        for word in ["status", "subscriber_type", "type", "email marketing", "subscription status"] {
            if let column = place([word]) { statuses.append((column, .word)) }
        }
        if let column = place(["subscribed_to_emails"]) { statuses.append((column, .mailedWhenTrue)) }
        if let column = place(["email_disabled"]) { statuses.append((column, .notMailedWhenTrue)) }
        // Mailchimp says a file's status by its columns: only its unsubscribed export has
        // UNSUB_TIME, only its cleaned (bounced) export CLEAN_TIME.
        var fixedStatus: SubscriberStatus?
        var changed: Int?
        if let column = place(["clean_time"]) {
            fixedStatus = .bounced
            changed = column
        } else if let column = place(["unsub_time"]) {
            fixedStatus = .unsubscribed
            changed = column
        }
        let subscribed = place(["subscribed", "created_at", "creation_date", "optin_time", "subscribed_at", "subscription date"])
        changed = changed ?? place(["changed", "last_changed", "updated_at"])
        let source: String
        switch Set(names) {
        case let set where set.contains("email address"): source = "Mailchimp"
        case let set where set.contains("subscribed_to_emails") || set.contains("complimentary_plan"): source = "Ghost"
        case let set where set.contains("email_disabled") || set.contains("active_subscription"): source = "Substack"
        case let set where set.contains("subscriber_type") || set.contains("creation_date"): source = "Buttondown"
        case let set where set.contains("attributes") || set.contains("uuid"): source = "listmonk"
        default: source = "CSV"
        }
        return .success(
            ListFormat(
                source: source, width: header.count, address: address, name: name, firstName: firstName, lastName: lastName,
                statuses: statuses, fixedStatus: fixedStatus, subscribed: subscribed, changed: changed, isOwn: false, columns: header,
                ignored: header.indices.filter { !used.contains($0) }.map { header[$0] }))
    }

    /// The column roles, for the note an import prints: `Email Address → address, …`.
    public var summary: String {
        var parts = ["\(columns[address]) → address"]
        if let name { parts.append("\(columns[name]) → name") }
        let halves = [firstName, lastName].compactMap { $0 }.map { columns[$0] }
        if !halves.isEmpty { parts.append("\(halves.joined(separator: " + ")) → name") }
        for (column, _) in statuses { parts.append("\(columns[column]) → status") }
        if let fixedStatus, let changed { parts.append("every row \(fixedStatus.rawValue) (the file has \(columns[changed]))") }
        return parts.joined(separator: ", ").controlCharactersShown
    }

    /// The reader's name from a row: the name column, else first and last name joined.
    func name(in field: (Int?) -> String) -> String {
        let whole = field(name)
        guard whole.isEmpty else { return whole }
        return [field(firstName), field(lastName)].filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// What one status value means, read by `reading`; `nil` when digest cannot read it.
    func meaning(of value: String, reading: StatusReading) -> StatusMeaning? {
        switch reading {
        case .word:
            if isOwn {
                // Every row of every send comes here: the usual lowercase word without a copy.
                if value.isEmpty { return .status(.subscribed) }
                if let status = SubscriberStatus(rawValue: value) { return .status(status) }
                return SubscriberStatus(rawValue: value.lowercased()).map { .status($0) }
            }
            return Self.words[value.lowercased()]
        case .mailedWhenTrue, .notMailedWhenTrue:
            guard let flag = Self.flags[value.lowercased()] else { return nil }
            return .status(flag == (reading == .mailedWhenTrue) ? .subscribed : .unsubscribed)
        }
    }

    private static let flags: [String: Bool] = ["true": true, "false": false, "yes": true, "no": false, "1": true, "0": false]

    /// Every tool's status words: digest's own; listmonk's `enabled`, `disabled`,
    /// `blocklisted`; Mailchimp's `subscribed`, `unsubscribed`, `non-subscribed`, `cleaned`,
    /// `pending`; Buttondown's subscriber types. A word not here is an error for its row.
    private static let words: [String: StatusMeaning] = {
        var words: [String: StatusMeaning] = [:]
        for word in ["subscribed", "enabled", "active", "regular", "premium", "trialed", "unpaid", "gifted", "churning", "paused"] {
            words[word] = .status(.subscribed)
        }
        for word in ["unsubscribed", "disabled", "blocklisted", "non-subscribed", "nonsubscribed", "removed"] {
            words[word] = .status(.unsubscribed)
        }
        for word in ["bounced", "cleaned", "undeliverable", "spammy", "malformed", "disposable"] {
            words[word] = .status(.bounced)
        }
        for word in ["complained", "spam", "spam complaint", "abuse"] {
            words[word] = .status(.complained)
        }
        for word in ["unactivated", "pending", "unconfirmed"] {
            words[word] = .leftOut("the reader never confirmed the subscription; add them with `digest subscribers add` once they do")
        }
        words["blocked"] = .leftOut("the other tool blocked this sign-up as suspect; add the reader by hand if it is genuine")
        return words
    }()

    /// A header cell as compared: trimmed, lowercase.
    static func normalised(_ cell: String) -> String {
        SubscriberList.RowChecker.trimmed(cell).lowercased()
    }
}

/// A header with no column of addresses.
public struct ListFormatError: Error, Sendable, CustomStringConvertible {
    /// The header's columns.
    public var columns: [String]

    public var description: String {
        "no column of addresses in the header (\(columns.joined(separator: ",").controlCharactersShown)); name it email or address. digest reads its own "
            + "address,name,status,subscribed,changed and the exports of listmonk, Mailchimp, Substack, Ghost and Buttondown"
    }
}
