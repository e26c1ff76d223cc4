/// What makes a publication itself: its name, title, footer, schedule and identity.
///
/// The values live in `digest.yaml` at the root of the newsletter's repository (see
/// ``SettingsFile``); ``allianceDigest`` holds the US-Japan Alliance Digest's, the same
/// values the committed file has.
public struct Settings: Equatable, Sendable {
    public struct Publication: Equatable, Sendable {
        /// `US-Japan Alliance Digest`.
        public var name: String
        /// The shape of the title line, such as `{name} Vol {volume}.{number}`.
        public var title: TitlePattern
        /// The footer every issue ends with, verbatim.
        public var footer: String
    }

    public struct Schedule: Equatable, Sendable {
        /// Days from one issue to the next.
        public var cadenceDays: Int
        /// The calendar year of Vol 1; each later year is the next volume.
        public var firstVolumeYear: Int

        /// The volume an issue dated `date` belongs to, or `nil` before the first year.
        public func volume(for date: IssueDate) -> Int? {
            let volume = date.year - firstVolumeYear + 1
            return volume >= 1 ? volume : nil
        }
    }

    /// Who the newsletter comes from.
    public struct Sender: Equatable, Sendable {
        public var name: String
        public var address: String
    }

    /// The mailing list's identity (RFC 2919 `List-Id`).
    public struct MailingList: Equatable, Sendable {
        /// `alliance-digest.spfusa.org`.
        public var id: String
        public var name: String
    }

    /// Where drafts and published issues live, relative to the repository root.
    public struct Folders: Equatable, Sendable {
        public var drafts: String
        public var archive: String
    }

    public var publication: Publication
    public var schedule: Schedule
    public var sender: Sender
    public var list: MailingList
    public var folders: Folders

    /// The US-Japan Alliance Digest's settings.
    public static let allianceDigest = Settings(
        publication: Publication(
            name: "US-Japan Alliance Digest",
            title: .allianceDigest,
            footer: "“US-Japan Alliance Digest” is a bi-weekly summary of bilateral and related developments "
                + "compiled by Sasakawa USA’s “US-Japan NEXT Alliance Initiative.” To receive “Alliance Digest” "
                + "via email, contact egulum@spfusa.org"),
        schedule: Schedule(cadenceDays: 14, firstVolumeYear: 2022),
        sender: Sender(name: "US-Japan NEXT Alliance Initiative", address: "egulum@spfusa.org"),
        list: MailingList(id: "alliance-digest.spfusa.org", name: "US-Japan Alliance Digest"),
        folders: Folders(drafts: "Drafts", archive: "seeds/archive"))

    /// The title line for an issue: `US-Japan Alliance Digest Vol 2.6`.
    public func title(volume: Int, number: Int) -> String {
        publication.title.title(name: publication.name, volume: volume, number: number)
    }

    /// A parser that reads titles in this publication's pattern.
    public var parser: IssueParser { IssueParser(titlePattern: publication.title) }
}

/// A plausible single email address: `local@domain.tld`, with nothing that could break a header.
public enum EmailAddressCheck {
    /// Why `address` cannot be used, or `nil` when it looks right.
    public static func problem(with address: String) -> String? {
        if address.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "contains a line break or control character"
        }
        if address.contains(where: { $0 == " " || $0 == "<" || $0 == ">" || $0 == "," || $0 == ";" || $0 == "\"" }) {
            return "contains a space or one of < > , ; \" (write the bare address, such as editor@example.org)"
        }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            return "is not an address of the form name@example.org"
        }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }) else {
            return "has a domain that is not a full domain name such as example.org"
        }
        guard address.utf8.count <= 254, parts[0].utf8.count <= 64 else {
            return "is longer than an address may be"
        }
        return nil
    }
}
