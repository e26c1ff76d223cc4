import Foundation

/// Settings read from `digest.yaml` before, kept in a cache file so that a run whose settings
/// file has not changed skips YAML: a pre-commit hook lints each file in a process of its
/// own, and composing and checking the YAML tree was a tenth of each run.
///
/// The cache is keyed by the settings file's bytes themselves (their FNV-1a hash and count),
/// the path diagnostics name it by, and the identity of the build that wrote it; so an
/// edited file is never answered from the cache, whatever its size or modification time
/// say, and another build of digest reads the YAML again. Only settings that read without a
/// problem are cached: every error comes from ``SettingsFile/parse(_:path:)``, as before.
/// A cache file that does not match, or does not read back whole (its payload carries a
/// checksum), is ignored and rewritten; failing to write one only costs the next run the YAML.
public struct SettingsCache: Sendable {
    static let file = CacheFile(magic: 0x6469_6765_7374_5331, formatVersion: 1, prefix: "settings-")  // "digestS1"
    static var filesKept: Int { file.filesKept }

    /// The cache file.
    public let url: URL
    /// What else the cached settings depend on: the build of digest that wrote them.
    let identity: String

    public init(url: URL, identity: String) {
        self.url = url
        self.identity = identity
    }

    /// The cache of the settings file at `settingsURL` in the cache folder `folder`, for the
    /// build `identity`: named by the settings file's path.
    public init(for settingsURL: URL, in folder: URL, identity: String) {
        self.init(url: Self.file.url(in: folder, name: FNV1a.hash(settingsURL.path.utf8)), identity: identity)
    }

    /// The key of settings read from `bytes` and named `path` in diagnostics.
    func key(bytes: [UInt8], path: String) -> UInt64 {
        var hasher = FNV1a()
        for byte in "\(Self.file.formatVersion)|\(identity)|\(path)|".utf8 { hasher.combine(byte) }
        bytes.withUnsafeBufferPointer { buffer in
            for byte in buffer { hasher.combine(byte) }
        }
        hasher.combine(word: UInt64(bytes.count))
        return hasher.value
    }

    /// The settings cached under `key`, or `nil`.
    func load(key: UInt64) -> Settings? {
        Self.file.read(url, key: key).flatMap(Self.settings(in:))
    }

    /// Writes the cache (see ``CacheFile/store(_:key:at:)``: owner only, renamed into place).
    func store(_ settings: Settings, key: UInt64) {
        Self.file.store(Self.payload(settings), key: key, at: url)
    }

    static func encode(_ settings: Settings, key: UInt64) -> [UInt8] {
        file.framed(payload(settings), key: key)
    }

    /// The settings in `bytes`, or `nil` when they were written under another key or do not
    /// read back whole.
    static func decode(_ bytes: [UInt8], key: UInt64) -> Settings? {
        file.payload(of: bytes, key: key).flatMap(settings(in:))
    }

    static func payload(_ settings: Settings) -> [UInt8] {
        var payload = ByteWriter()
        payload.append(settings)
        return payload.bytes
    }

    static func settings(in payload: ArraySlice<UInt8>) -> Settings? {
        var reader = ByteReader(payload)
        guard let settings = reader.settings(), reader.isAtEnd else { return nil }
        return settings
    }
}

/// The settings as a cache file's payload.
extension ByteWriter {
    mutating func append(_ range: SourceRange) {
        for value in [range.start.line, range.start.column, range.end.line, range.end.column] { append(value) }
    }

    mutating func append(_ settings: Settings) {
        append(settings.publication.name)
        append(settings.publication.title.description)
        append(settings.publication.footer)
        append(settings.schedule.cadenceDays)
        append(settings.schedule.firstVolumeYear)
        append(settings.sender.name)
        append(settings.sender.address)
        let list = settings.list
        append(list.id)
        append(list.name)
        append(list.unsubscribeAddress)
        append(list.unsubscribeURL)
        append(list.inbox)
        append(list.inboxDone)
        append(list.softBounceLimit)
        append(settings.folders.drafts)
        append(settings.folders.archive)
        append(settings.folders.outbox)
        let delivery = settings.delivery
        append(delivery.via)
        append(delivery.smtp)
        append(delivery.connections)
        append(delivery.rate != nil)
        append(delivery.rate?.bitPattern ?? 0)
        append(delivery.maxMessageSize)
        let site = settings.site
        append(site.baseURL)
        append(site.maxImageSize)
        append(site.paper)
        append(site.feedEntries)
        append(settings.dkim != nil)
        if let dkim = settings.dkim {
            append(dkim.selector)
            append(dkim.domain)
            append(dkim.location)
        }
        let lint = settings.lint
        append(lint.rules.count)
        for rule in lint.rules {
            append(rule.rule)
            append(rule.severity?.rawValue)
            append(rule.location.range)
        }
        append(lint.words.count)
        for word in lint.words { append(word) }
        append(lint.substitutions.count)
        for substitution in lint.substitutions {
            append(substitution.find)
            append(substitution.replace)
            append(substitution.message)
            append(substitution.fixable)
            append(substitution.location.range)
        }
    }
}

/// Reads the settings as `ByteWriter` wrote them.
extension ByteReader {
    mutating func range() -> SourceRange? {
        guard let line = int(), let column = int(), let endLine = int(), let endColumn = int() else { return nil }
        return SourceRange(start: SourcePosition(line: line, column: column), end: SourcePosition(line: endLine, column: endColumn))
    }

    mutating func settings() -> Settings? {
        guard let name = string(), let titleText = string(), let title = try? TitlePattern(titleText), let footer = string(),
            let cadence = int(), let firstYear = int(), let senderName = string(), let senderAddress = string(),
            let listID = string(), let listName = string(), let unsubscribeAddress = optionalString(),
            let unsubscribeURL = optionalString(), let inbox = optionalString(), let inboxDone = string(),
            let softBounceLimit = int(), let drafts = string(), let archive = string(), let outbox = string(),
            let via = optionalString(), let smtp = optionalString(), let connections = int(), let hasRate = bool(),
            let rateBits = uint64(), let maxMessageSize = int(), let baseURL = optionalString(), let maxImageSize = int(),
            let paper = string(), let feedEntries = int(), let hasDKIM = bool()
        else { return nil }
        var dkim: Settings.DKIM?
        if hasDKIM {
            guard let selector = string(), let domain = optionalString(), let location = optionalString() else { return nil }
            dkim = Settings.DKIM(selector: selector, domain: domain, location: location)
        }
        var lint = LintSettings()
        guard let ruleCount = count() else { return nil }
        for _ in 0..<ruleCount {
            guard let rule = string(), let severityName = optionalString(), let range = range() else { return nil }
            var severity: Severity?
            if let severityName {
                guard let known = Severity(rawValue: severityName) else { return nil }
                severity = known
            }
            lint.rules.append(RuleSetting(rule: rule, severity: severity, location: NodeLocation(range)))
        }
        guard let wordCount = count() else { return nil }
        for _ in 0..<wordCount {
            guard let word = string() else { return nil }
            lint.words.append(word)
        }
        guard let substitutionCount = count() else { return nil }
        for _ in 0..<substitutionCount {
            guard let find = string(), let replace = string(), let message = string(), let fixable = bool(), let range = range()
            else { return nil }
            var substitution = Substitution(find: find, replace: replace, message: message, location: NodeLocation(range))
            substitution.fixable = fixable
            lint.substitutions.append(substitution)
        }
        return Settings(
            publication: .init(name: name, title: title, footer: footer),
            schedule: .init(cadenceDays: cadence, firstVolumeYear: firstYear),
            sender: .init(name: senderName, address: senderAddress),
            list: .init(
                id: listID, name: listName, unsubscribeAddress: unsubscribeAddress, unsubscribeURL: unsubscribeURL, inbox: inbox,
                inboxDone: inboxDone, softBounceLimit: softBounceLimit),
            folders: .init(drafts: drafts, archive: archive, outbox: outbox),
            delivery: .init(
                via: via, smtp: smtp, connections: connections, rate: hasRate ? Double(bitPattern: rateBits) : nil,
                maxMessageSize: maxMessageSize),
            site: .init(baseURL: baseURL, maxImageSize: maxImageSize, paper: paper, feedEntries: feedEntries),
            dkim: dkim,
            lint: lint)
    }
}
