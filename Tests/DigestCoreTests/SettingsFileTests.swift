import DigestCore
import DigestTestSupport
import Foundation
import Testing

/// `digest.yaml` is edited by hand; every mistake must name the key and the line.
@Suite("SettingsFile")
struct SettingsFileTests {
    static let committed = projectRoot.appendingPathComponent("digest.yaml")

    static func committedText() throws -> String {
        try String(contentsOf: committed, encoding: .utf8)
    }

    @Test("the committed digest.yaml loads from its file as it parses from its text")
    func committedFile() throws {
        let settings = try SettingsFile.parse(try Self.committedText(), path: "digest.yaml")
        #expect(settings.publication.name == "US-Japan Alliance Digest")
        #expect(try SettingsFile.load(from: Self.committed) == settings)
    }

    /// The committed file with one edit, parsed; the diagnostics it gives.
    static func diagnostics(replacing old: String, with new: String) throws -> [String] {
        let text = try committedText()
        #expect(text.contains(old), "the committed file no longer contains \(old.debugDescription)")
        do {
            _ = try SettingsFile.parse(text.replacingOccurrences(of: old, with: new), path: "digest.yaml")
            return []
        } catch {
            return error.diagnostics.map(\.formatted)
        }
    }

    struct Mistake: CustomTestStringConvertible, Sendable {
        let name: String
        let old: String
        let new: String
        /// The diagnostics expected, as `±lines:column: message`, without path, severity and
        /// rule; the line is counted from the one where `old` begins, so that a comment added
        /// to digest.yaml does not change every case.
        let expected: [String]
        var testDescription: String { name }
    }

    static let mistakes: [Mistake] = [
        Mistake(
            name: "non-numeric cadence", old: "cadence-days: 14", new: "cadence-days: two weeks",
            expected: ["+0:17: \"schedule.cadence-days\" must be a whole number from 1 to 366, not \"two weeks\""]),
        Mistake(
            name: "cadence out of range", old: "cadence-days: 14", new: "cadence-days: 0",
            expected: ["+0:17: \"schedule.cadence-days\" must be a whole number from 1 to 366, not \"0\""]),
        Mistake(
            name: "fractional first year", old: "first-volume-year: 2022", new: "first-volume-year: 2022.5",
            expected: ["+0:22: \"schedule.first-volume-year\" must be a whole number from 1900 to 9999, not \"2022.5\""]),
        Mistake(
            name: "unknown key", old: "  cadence-days: 14", new: "  cadence-days: 14\n  cadence-weeks: 2",
            expected: ["+1:3: unknown key \"schedule.cadence-weeks\"; the keys here are cadence-days, first-volume-year"]),
        Mistake(
            name: "unknown top-level key", old: "sender:", new: "senders:\n  x: 1\nsender:",
            expected: [
                "+0:1: unknown key \"senders\"; the keys here are publication, schedule, sender, list, folders, send, site, dkim, lint"
            ]),
        Mistake(
            name: "missing key", old: "  address: egulum@spfusa.org\n", new: "",
            expected: ["-1:3: the key \"sender.address\" is missing; add it"]),
        Mistake(
            name: "bad title pattern", old: "title: \"{name} Vol {volume}.{number}\"", new: "title: \"{name} Vol {volume}\"",
            expected: ["+0:10: \"publication.title\": the title pattern must contain {volume} and {number} exactly once each"]),
        Mistake(
            name: "unknown title placeholder", old: "title: \"{name} Vol {volume}.{number}\"",
            new: "title: \"{title} Vol {volume}.{number}\"",
            expected: ["+0:10: \"publication.title\": unknown placeholder {title}; use {name}, {volume} and {number}"]),
        Mistake(
            name: "sender address with a display name", old: "\n  address: egulum@spfusa.org", new: "\n  address: Eric <egulum@spfusa.org>",
            expected: [
                "+1:12: \"sender.address\" contains a space or one of < > , ; \" (write the bare address, such as editor@example.org)"
            ]),
        Mistake(
            name: "sender address without a domain", old: "\n  address: egulum@spfusa.org", new: "\n  address: egulum@localhost",
            expected: ["+1:12: \"sender.address\" has a domain that is not a full domain name such as example.org"]),
        Mistake(
            name: "list id with a space", old: "id: alliance-digest.spfusa.org", new: "id: alliance digest",
            expected: ["+0:7: \"list.id\" must be a dotted name of letters, digits and hyphens, such as alliance-digest.example.org"]),
        Mistake(
            name: "folder outside the repository", old: "drafts: Drafts", new: "drafts: ../Drafts",
            expected: ["+0:11: \"folders.drafts\" must be a folder inside the repository, such as Drafts"]),
        Mistake(
            name: "empty name", old: "  name: US-Japan Alliance Digest\n  # {name}", new: "  name: \"\"\n  # {name}",
            expected: ["+0:9: \"publication.name\" is empty; give it a value"]),
        Mistake(
            name: "a list where a value goes", old: "  name: US-Japan NEXT Alliance Initiative", new: "  name: [a, b]",
            expected: ["+0:9: \"sender.name\" must be a single value, not a list or mapping"]),
        Mistake(
            name: "SMTP server with a password in it", old: "  # via: smtp://mail.example.org:587",
            new: "  smtp: smtp://editor:hunter2@mail.example.org:587",
            expected: [
                "+0:9: \"send.smtp\" must not hold a user name or password; set DIGEST_SMTP_USER and DIGEST_SMTP_PASSWORD or use a netrc file"
            ]),
        Mistake(
            name: "no connections", old: "connections: 2", new: "connections: 0",
            expected: ["+0:16: \"send.connections\" must be a whole number from 1 to 32, not \"0\""]),
        Mistake(
            name: "unsubscribe page without TLS", old: "  # unsubscribe-url: https://", new: "  unsubscribe-url: http://",
            expected: ["+0:20: \"list.unsubscribe-url\" must be an https:// address, such as https://example.org/unsubscribe"]),
        Mistake(
            name: "a message size that is not a size", old: "max-message-size: 10 MB", new: "max-message-size: ten",
            expected: ["+0:21: \"send.max-message-size\" must be a size such as 10 MB, 500 KB or 10485760 (bytes), not \"ten\""]),
        Mistake(
            name: "a message size too small to hold a message", old: "max-message-size: 10 MB", new: "max-message-size: 12",
            expected: ["+0:21: \"send.max-message-size\" must be a size such as 10 MB, 500 KB or 10485760 (bytes), not \"12\""]),
        Mistake(
            name: "a DKIM selector that is not a DNS label", old: "# dkim:\n#   selector: digest2026", new: "dkim:\n  selector: my key",
            expected: [
                "+1:13: \"dkim.selector\" must be a DNS name of letters, digits, hyphens and dots, such as digest2026, not \"my key\""
            ]),
        Mistake(
            name: "an unknown DKIM key", old: "# dkim:\n#   selector: digest2026",
            new: "dkim:\n  selector: digest2026\n  key: /etc/dkim.pem",
            expected: ["+2:3: unknown key \"dkim.key\"; the keys here are selector, domain"]),
        Mistake(
            name: "a DKIM section without its selector", old: "# dkim:\n#   selector: digest2026", new: "dkim:\n  domain: spfusa.org",
            expected: ["+1:3: the key \"dkim.selector\" is missing; add it"]),
        Mistake(
            name: "a mailbox with credentials in it", old: "unsubscribe-address: egulum@spfusa.org",
            new: "unsubscribe-address: egulum@spfusa.org\n  inbox: imaps://ed:secret@mail.example.org/INBOX",
            expected: [
                "+1:10: \"list.inbox\" holds credentials; take them out and set DIGEST_IMAP_USER and DIGEST_IMAP_PASSWORD, or use a netrc file"
            ]),
        Mistake(
            name: "a mailbox that is no URL digest reads", old: "unsubscribe-address: egulum@spfusa.org",
            new: "unsubscribe-address: egulum@spfusa.org\n  inbox: pop3://mail.example.org",
            expected: ["+1:10: \"list.inbox\" must name the list's mailbox: maildir:PATH, imaps://host/MAILBOX or imap://host/MAILBOX"]),
        Mistake(
            name: "a soft-bounce limit of zero", old: "unsubscribe-address: egulum@spfusa.org",
            new: "unsubscribe-address: egulum@spfusa.org\n  soft-bounce-limit: 0\n  inbox-done: ../up",
            expected: [
                "+1:22: \"list.soft-bounce-limit\" must be a whole number from 1 to 100, not \"0\"",
                "+2:15: \"list.inbox-done\" must be a folder name of letters, digits, - and _, such as Processed",
            ]),
        Mistake(
            name: "two mistakes at once", old: "cadence-days: 14", new: "cadence-days: often\n  colour: blue",
            expected: [
                "+0:17: \"schedule.cadence-days\" must be a whole number from 1 to 366, not \"often\"",
                "+1:3: unknown key \"schedule.colour\"; the keys here are cadence-days, first-volume-year",
            ]),
    ]

    @Test("a mistake is reported with its key and line", arguments: mistakes)
    func mistakeIsReported(_ mistake: Mistake) throws {
        let diagnostics = try Self.diagnostics(replacing: mistake.old, with: mistake.new)
        let text = try Self.committedText()
        let oldStart = try #require(text.range(of: mistake.old)).lowerBound
        let oldLine = text[..<oldStart].count { $0 == "\n" } + 1
        let expected = try mistake.expected.map { entry -> String in
            let parts = entry.split(separator: " ", maxSplits: 1)
            let place = parts[0].split(separator: ":", maxSplits: 1)
            let offset = try #require(Int(place[0].replacingOccurrences(of: "+", with: "")))
            return "digest.yaml:\(oldLine + offset):\(place[1]) error: \(parts[1]) [settings]"
        }
        #expect(diagnostics.sorted() == expected.sorted())
    }

    @Test(
        "send.max-message-size reads bytes, KB, MB and GB (in 1,024s), and defaults to 10 MB",
        arguments: [("10 MB", 10_485_760), ("500KB", 512_000), ("10485760", 10_485_760), ("1.5 mb", 1_572_864), ("2 GiB", 2_147_483_648)])
    func messageSize(_ written: String, _ bytes: Int) throws {
        let text = try Self.committedText().replacingOccurrences(of: "max-message-size: 10 MB", with: "max-message-size: \(written)")
        #expect(try SettingsFile.parse(text, path: "digest.yaml").delivery.maxMessageSize == bytes)
        let without = try Self.committedText().replacingOccurrences(of: "  max-message-size: 10 MB\n", with: "")
        #expect(try SettingsFile.parse(without, path: "digest.yaml").delivery.maxMessageSize == 10_485_760)
    }

    @Test("the site section gives the base URL (none by default) and the image weight (500 KB by default)")
    func siteSection() throws {
        let text = try Self.committedText()
        let committed = try SettingsFile.parse(text, path: "digest.yaml").site
        #expect(committed.baseURL == nil && committed.maxImageSize == 512_000)
        let edited = text.replacingOccurrences(
            of: "  # base-url: https://alliance-digest.spfusa.org/", with: "  base-url: https://digest.example.org/archive/"
        ).replacingOccurrences(of: "max-image-size: 500 KB", with: "max-image-size: 1 MB")
        let site = try SettingsFile.parse(edited, path: "digest.yaml").site
        #expect(site.baseURL == "https://digest.example.org/archive/" && site.maxImageSize == 1_048_576)
        let withoutSite = String(text[..<(try #require(text.range(of: "\nsite:\n"))).lowerBound]) + "\n"
        #expect(try SettingsFile.parse(withoutSite, path: "digest.yaml").site == .defaults)
    }

    @Test("a site address without TLS and an image weight that is not a size are reported with their lines")
    func siteMistakes() throws {
        func withoutLine(_ diagnostics: [String]) -> [String] {
            diagnostics.map { $0.replacingOccurrences(of: #"^digest\.yaml:\d+:"#, with: "digest.yaml:N:", options: .regularExpression) }
        }
        let http = try Self.diagnostics(
            replacing: "  # base-url: https://alliance-digest.spfusa.org/", with: "  base-url: http://digest.example.org/")
        #expect(
            withoutLine(http) == [
                "digest.yaml:N:13: error: \"site.base-url\" must be an https:// address, such as https://example.org/digest/ [settings]"
            ])
        let query = try Self.diagnostics(
            replacing: "  # base-url: https://alliance-digest.spfusa.org/", with: "  base-url: https://digest.example.org/?page=1")
        #expect(
            withoutLine(query) == [
                "digest.yaml:N:13: error: \"site.base-url\" is the site's folder, without ? or #, such as https://example.org/digest/ [settings]"
            ])
        let weight = try Self.diagnostics(replacing: "max-image-size: 500 KB", with: "max-image-size: big")
        #expect(
            withoutLine(weight) == [
                "digest.yaml:N:19: error: \"site.max-image-size\" must be a size such as 500 KB or 1 MB, not \"big\" [settings]"
            ])
    }

    @Test("a missing section is reported by name")
    func missingSection() throws {
        let text = try Self.committedText()
        let start = try #require(text.range(of: "list:\n"))
        let end = try #require(text.range(of: "\nsend:"))
        let withoutList = text.replacingCharacters(in: start.lowerBound..<text.index(after: end.lowerBound), with: "")
        #expect(withoutList != text)
        let error = #expect(throws: SettingsError.self) { try SettingsFile.parse(withoutList, path: "digest.yaml") }
        let messages = error?.diagnostics.map(\.message) ?? []
        #expect(
            messages == [
                "the key \"list\" is missing; add it with its id, name, unsubscribe-address, unsubscribe-url, inbox, inbox-done, soft-bounce-limit"
            ])
    }

    @Test("the dkim section gives the selector, and the domain or none (the sender's is used)")
    func dkimSection() throws {
        let text = try Self.committedText()
        #expect(try SettingsFile.parse(text, path: "digest.yaml").dkim == nil)
        let withSelector = text.replacingOccurrences(of: "# dkim:\n#   selector: digest2026", with: "dkim:\n  selector: digest2026")
        let dkim = try #require(try SettingsFile.parse(withSelector, path: "digest.yaml").dkim)
        #expect(dkim.selector == "digest2026" && dkim.domain == nil && dkim.location == "digest.yaml:72:3")
        let withDomain = withSelector.replacingOccurrences(of: "#   domain: spfusa.org", with: "  domain: news.spfusa.org")
        #expect(try SettingsFile.parse(withDomain, path: "digest.yaml").dkim?.domain == "news.spfusa.org")
    }

    @Test("the list's mailbox, its done folder and the soft-bounce limit are read, with their defaults")
    func inboxSettings() throws {
        let text = try Self.committedText()
        #expect(Settings.thisRepository.list.inbox == nil && Settings.thisRepository.list.inboxDone == "Processed")
        #expect(Settings.thisRepository.list.softBounceLimit == 3)
        let edited = text.replacingOccurrences(
            of: "unsubscribe-address: egulum@spfusa.org",
            with: "unsubscribe-address: egulum@spfusa.org\n  inbox: maildir:/var/mail/digest\n  inbox-done: Done\n  soft-bounce-limit: 5")
        let settings = try SettingsFile.parse(edited, path: "digest.yaml")
        #expect(
            settings.list.inbox == "maildir:/var/mail/digest" && settings.list.inboxDone == "Done" && settings.list.softBounceLimit == 5)
    }

    @Test("folders may be left out and take their defaults")
    func foldersAreOptional() throws {
        let text = try Self.committedText()
        let start = try #require(text.range(of: "folders:"))
        let settings = try SettingsFile.parse(String(text[..<start.lowerBound]), path: "digest.yaml")
        #expect(settings.folders == Settings.thisRepository.folders)
    }

    @Test("YAML that does not parse is reported with its position")
    func invalidYAML() throws {
        // "key: : value" is a second mapping value where none may start.
        let diagnostics = try Self.diagnostics(replacing: "cadence-days: 14", with: "cadence-days: : 14")
        try #require(diagnostics.count == 1)
        #expect(diagnostics[0].hasPrefix("digest.yaml:17:"), "\(diagnostics[0])")
        #expect(diagnostics[0].contains("the settings file is not valid YAML"))
        #expect(diagnostics[0].hasSuffix("[settings]"))
    }

    @Test("a key written twice is reported")
    func duplicateKey() throws {
        let diagnostics = try Self.diagnostics(replacing: "cadence-days: 14", with: "cadence-days: 14\n  cadence-days: 7")
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.contains("the key cadence-days is written twice; keep one") == true, "\(diagnostics)")
    }

    @Test("an empty file and a file that is not a mapping are refused")
    func notAMapping() {
        for (text, message) in [
            ("", "the settings file is empty; copy digest.yaml from the digest repository and change its values"),
            ("# only a comment\n", "the settings file is empty; copy digest.yaml from the digest repository and change its values"),
            ("- a\n- b\n", "the settings file must be a mapping of keys to values, such as \"publication: …\""),
        ] {
            let error = #expect(throws: SettingsError.self) { try SettingsFile.parse(text, path: "digest.yaml") }
            #expect(error?.diagnostics.map(\.message) == [message])
            #expect(error?.diagnostics.allSatisfy { $0.range.start.line >= 1 && $0.range.start.column >= 1 } == true)
        }
    }

    @Test("a file that cannot be read is an error, not a crash")
    func unreadableFile() {
        let missing = projectRoot.appendingPathComponent("no-such-folder/digest.yaml")
        let error = #expect(throws: SettingsError.self) { try SettingsFile.load(from: missing, displayPath: "digest.yaml") }
        #expect(error?.diagnostics.first?.formatted.hasPrefix("digest.yaml:1:1: error: cannot read the settings file") == true)
    }
}
