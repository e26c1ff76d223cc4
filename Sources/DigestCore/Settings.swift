/// What makes a publication itself: its name, title, footer, schedule and identity.
///
/// The values live in `digest.yaml` at the root of the newsletter's repository (see
/// ``SettingsFile``); the tool carries no publication's settings of its own.
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
        /// Where an unsubscribe request is mailed (`List-Unsubscribe: <mailto:…>`); the sender's
        /// address when the settings do not say.
        public var unsubscribeAddress: String? = nil
        /// An HTTPS page that unsubscribes a reader in one click (RFC 8058), given the reader
        /// and their token as query parameters; `nil` when the publication has none.
        public var unsubscribeURL: String? = nil
        /// The list's mailbox `digest inbox` reads (``InboxURL``); `nil` when the settings do not say.
        public var inbox: String? = nil
        /// The folder of that mailbox a message the intake acted on is moved to.
        public var inboxDone: String = "Processed"
        /// Transient failures (a full mailbox, 4.x.x) of this many different issues make a
        /// reader bounced; a permanent one (5.1.x) does at once.
        public var softBounceLimit: Int = 3
    }

    /// Where drafts and published issues live, relative to the repository root.
    public struct Folders: Equatable, Sendable {
        public var drafts: String
        public var archive: String
        /// The Maildir `digest send` writes to when no SMTP server is configured.
        public var outbox: String = "Outbox"

        /// `Drafts`, `seeds/archive` and `Outbox`, when the settings do not say.
        public static let defaults = Folders(drafts: "Drafts", archive: "seeds/archive")
    }

    /// How `digest send` delivers.
    public struct Delivery: Equatable, Sendable {
        /// Where a send goes (`send.via`): `smtp://host:587`, `smtps://host:465` or `maildir:PATH`
        /// (``RouteURL``); `nil` leaves it to `smtp`, then the outbox.
        public var via: String? = nil
        /// `smtp://host:587` or `smtps://host:465`, without credentials; `nil` writes to the outbox.
        /// The older name for `via`, kept working.
        public var smtp: String? = nil
        /// Parallel SMTP connections.
        public var connections: Int = 2
        /// Messages per second at most; `nil` for as fast as the server takes them.
        public var rate: Double? = nil
        /// The rates `--rate` and `send.rate` take: from one message every 1,000 seconds (a
        /// slower pace is a mistake, one that would hold a send for ever) to 100,000 a second.
        public static let rates: ClosedRange<Double> = 0.001...100_000
        /// What to write instead of a rate outside ``rates``.
        public static let rateAdvice = "a number of messages per second from 0.001 to 100000, such as 10"
        /// The largest message, in bytes, a send goes out with (`send.max-message-size`).
        public var maxMessageSize: Int = 10 * 1024 * 1024

        public static let defaults = Delivery()
    }

    /// The published site (the `site` section): where it lives and what its images may weigh.
    public struct Site: Equatable, Sendable {
        /// The site's https address (`site.base-url`), such as `https://example.org/digest/`;
        /// the HTML email links the lead image there. `nil`: the email shows no image.
        public var baseURL: String? = nil
        /// The heaviest lead image, in bytes, `digest lint` accepts (`site.max-image-size`).
        public var maxImageSize: Int = 500 * 1024
        /// The PDF edition's page size (`site.paper`): `A4` or `Letter`.
        public var paper: String = "A4"
        /// How many of the latest issues the Atom feed carries (`site.feed-entries`).
        public var feedEntries: Int = 20

        /// The page sizes `site.paper` may name.
        public static let papers = ["A4", "Letter"]

        public static let defaults = Site()
    }

    /// DKIM signing (the `dkim` section); the private key itself is never in the settings.
    public struct DKIM: Equatable, Sendable {
        /// The `s=` tag: the public key is published at `SELECTOR._domainkey.DOMAIN`.
        public var selector: String
        /// The `d=` tag; the sender address's domain when `nil`.
        public var domain: String?
        /// `digest.yaml:41:3`, where the section is, for errors about it.
        public var location: String?

        public init(selector: String, domain: String? = nil, location: String? = nil) {
            self.selector = selector
            self.domain = domain
            self.location = location
        }

        /// Whether `value` may be a selector or a domain: dot-separated labels of letters,
        /// digits, hyphens and underscores, what may stand in a DKIM tag and a DNS name
        /// without quoting.
        public static func isDNSName(_ value: String) -> Bool {
            let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
            let labels = value.split(separator: ".", omittingEmptySubsequences: false)
            return value.count <= 253 && value.allSatisfy(allowed.contains) && labels.allSatisfy { !$0.isEmpty && $0.count <= 63 }
        }
    }

    public var publication: Publication
    public var schedule: Schedule
    public var sender: Sender
    public var list: MailingList
    public var folders: Folders
    public var delivery: Delivery = .defaults
    public var site: Site = .defaults
    /// `nil` when the settings have no `dkim` section: messages go out unsigned.
    public var dkim: DKIM? = nil

    /// How `digest lint` is tuned for this publication.
    public var lint: LintSettings = LintSettings()

    /// The title line for an issue: `US-Japan Alliance Digest Vol 2.6`.
    public func title(volume: Int, number: Int) -> String {
        publication.title.title(name: publication.name, volume: volume, number: number)
    }

    /// A parser that reads titles in this publication's pattern.
    public var parser: IssueParser { IssueParser(titlePattern: publication.title, publicationName: publication.name) }
}

/// The `lint` section: rule severities, the publication's own words, house substitutions.
public struct LintSettings: Equatable, Sendable {
    /// Rule identifiers with the severity the settings give them (`nil`: switched off).
    public var rules: [RuleSetting]
    /// Names and terms the dictionary lacks, spelled the house way.
    public var words: [String]
    /// House substitutions, applied in order to headlines and details.
    public var substitutions: [Substitution]

    public init(rules: [RuleSetting] = [], words: [String] = [], substitutions: [Substitution] = []) {
        self.rules = rules
        self.words = words
        self.substitutions = substitutions
    }

    /// What the settings say of a rule: `.some(nil)` when it is switched off, `nil` when they are silent.
    public func setting(for rule: String) -> RuleSetting? {
        rules.last { $0.rule == rule }
    }
}

/// One line of `lint.rules`: a rule and its severity, or `off`.
public struct RuleSetting: Equatable, Sendable {
    public var rule: String
    public var severity: Severity?
    /// Where the key is in the settings file, to report an unknown rule.
    public var location: NodeLocation

    public init(rule: String, severity: Severity?, location: NodeLocation) {
        self.rule = rule
        self.severity = severity
        self.location = location
    }
}

/// A house substitution: text matching `find` (a regular expression) should read `replace`.
public struct Substitution: Equatable, Sendable {
    /// An ICU regular expression.
    public var find: String
    /// The replacement, with `$1` for the first group.
    public var replace: String
    /// What the finding says, such as `write "US", not "U.S."`.
    public var message: String
    /// Whether `--fix` may apply the replacement (`fix: false` in the settings when the
    /// right mend depends on the sentence).
    public var fixable: Bool = true
    /// Where the entry's `find` is in the settings file, to report a pattern that does not compile.
    public var location: NodeLocation

    public init(find: String, replace: String, message: String, location: NodeLocation) {
        self.find = find
        self.replace = replace
        self.message = message
        self.location = location
    }
}

/// A plausible single email address: `local@domain.tld`, with nothing that could break a header.
public enum EmailAddressCheck {
    /// Why `address` cannot be used, or `nil` when it looks right. One pass over the bytes:
    /// a send checks every reader's address when it reads the list and again before
    /// RCPT TO, so this runs hundreds of thousands of times.
    public static func problem(with address: String) -> String? {
        var control = false
        var outsideASCII = false
        var forbidden = false
        var ats = 0
        var at = 0
        var count = 0
        for byte in address.utf8 {
            switch byte {
            case 0..<0x20, 0x7F: control = true
            case 0x80...: outsideASCII = true
            case UInt8(ascii: " "), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\""):
                forbidden = true
            case UInt8(ascii: "@"):
                ats += 1
                at = count
            default: break
            }
            count += 1
        }
        if control { return "contains a line break or control character" }
        if outsideASCII {
            return
                "contains letters outside ASCII, which need SMTPUTF8 (not supported); write the domain in its xn-- form or ask for another address"
        }
        if forbidden { return "contains a space or one of < > , ; \" (write the bare address, such as editor@example.org)" }
        guard ats == 1, at > 0, at < count - 1 else { return "is not an address of the form name@example.org" }
        let domain = address.utf8.dropFirst(at + 1)
        let labels = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && $0.first != UInt8(ascii: "-") && $0.last != UInt8(ascii: "-") })
        else {
            return "has a domain that is not a full domain name such as example.org"
        }
        guard count <= 254, at <= 64 else { return "is longer than an address may be" }
        return nil
    }
}
