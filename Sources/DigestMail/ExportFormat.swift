/// The CSV `digest subscribers export` writes, for another tool to import.
public enum ExportFormat: String, Sendable, CaseIterable {
    /// digest's own five columns, every row whatever its status: a copy another digest
    /// repository imports as it is.
    case digest
    /// `email,name,attributes`, the columns listmonk's importer asks for; Ghost, Buttondown
    /// and Substack map an `email` and a `name` column on import too.
    case listmonk
    /// `Email Address,First Name,Last Name`, Mailchimp's own export columns, which its
    /// importer maps without asking (the name is split at its first space).
    case mailchimp

    /// Whether the format has a status column. Without one, the importing tool takes
    /// every row for a subscriber, so only subscribed readers are written.
    public var carriesStatus: Bool { self == .digest }

    /// The list in this format: every row for ``digest``, the subscribed readers for the others.
    public func csv(of list: SubscriberList) -> String {
        switch self {
        case .digest:
            return list.csv
        case .listmonk:
            let rows = list.active.map { [$0.address, $0.name, "{}"].map(CSV.quoted).joined(separator: ",") }
            return (["email,name,attributes"] + rows).joined(separator: "\n") + "\n"
        case .mailchimp:
            let rows = list.active.map { subscriber -> String in
                let parts = subscriber.name.split(separator: " ", maxSplits: 1).map(String.init)
                return [subscriber.address, parts.first ?? "", parts.count > 1 ? parts[1] : ""].map(CSV.quoted).joined(separator: ",")
            }
            return (["Email Address,First Name,Last Name"] + rows).joined(separator: "\n") + "\n"
        }
    }
}
