import Foundation

#if canImport(Glibc)
    import Glibc
#endif

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
    static let magic: UInt64 = 0x6469_6765_7374_5331  // "digestS1"
    static let formatVersion: UInt64 = 1
    static let headerSize = 40

    /// The cache file.
    public let url: URL
    /// What else the cached settings depend on: the build of digest that wrote them.
    let identity: String

    public init(url: URL, identity: String) {
        self.url = url
        self.identity = identity
    }

    /// The key of settings read from `bytes` and named `path` in diagnostics.
    func key(bytes: [UInt8], path: String) -> UInt64 {
        var hasher = FNV1a()
        for byte in "\(Self.formatVersion)|\(identity)|\(path)|".utf8 { hasher.combine(byte) }
        bytes.withUnsafeBufferPointer { buffer in
            for byte in buffer { hasher.combine(byte) }
        }
        hasher.combine(word: UInt64(bytes.count))
        return hasher.value
    }

    /// The settings cached under `key`, or `nil`.
    func load(key: UInt64) -> Settings? {
        guard let data = try? Data(contentsOf: url) else { return nil }
        return Self.decode(Array(data), key: key)
    }

    /// Writes the cache: to a new file readable by its owner only (the settings name the
    /// sender and the list's mailbox, which the cache folder need not show anyone), renamed
    /// into place. Not flushed to the disk: a cache lost or cut short in a crash fails its
    /// checksum and costs one run the YAML, and a hook's run should not wait for the disk.
    func store(_ settings: Settings, key: UInt64) {
        let folder = url.deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let bytes = Self.encode(settings, key: key)
        let temporary = "\(url.path).\(UInt64.random(in: 0...UInt64.max) & 0xFFFF_FFFF_FFFF).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return }
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        guard written == bytes.count, rename(temporary, url.path) == 0 else {
            unlink(temporary)
            return
        }
        Self.pruneOthers(in: folder)
    }

    /// At most this many settings files keep a cache; the ones written longest ago go first.
    static let filesKept = 32

    /// Removes the caches written longest ago beyond ``filesKept``: every repository linted
    /// once (a test's, a benchmark's scratch copy) leaves one.
    static func pruneOthers(in folder: URL) {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: folder.path) else { return }
        let caches = names.filter { $0.hasPrefix("settings-") && $0.hasSuffix(".bin") }
        guard caches.count > filesKept else { return }
        let dated = caches.map { name -> (name: String, written: Int) in
            var status = stat()
            let path = folder.appendingPathComponent(name).path
            return (name, stat(path, &status) == 0 ? status.st_mtim.tv_sec * 1_000_000_000 + status.st_mtim.tv_nsec : 0)
        }
        for old in dated.sorted(by: { $0.written > $1.written }).dropFirst(filesKept) {
            unlink(folder.appendingPathComponent(old.name).path)
        }
    }

    static func encode(_ settings: Settings, key: UInt64) -> [UInt8] {
        var payload = CacheWriter()
        payload.write(settings)
        var file = CacheWriter()
        for field in [magic, formatVersion, key, checksum(payload.bytes[...]), UInt64(payload.bytes.count)] { file.append(field) }
        return file.bytes + payload.bytes
    }

    /// The settings in `bytes`, or `nil` when they were written under another key or do not
    /// read back whole.
    static func decode(_ bytes: [UInt8], key: UInt64) -> Settings? {
        guard bytes.count >= headerSize else { return nil }
        var header = CacheReader(bytes[..<headerSize])
        guard header.uint64() == magic, header.uint64() == formatVersion, header.uint64() == key,
            let sum = header.uint64(), let length = header.uint64(), length == UInt64(bytes.count - headerSize),
            checksum(bytes[headerSize...]) == sum
        else { return nil }
        var reader = CacheReader(bytes[headerSize...])
        guard let settings = reader.settings(), reader.isAtEnd else { return nil }
        return settings
    }

    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var hasher = FNV1a()
        bytes.withUnsafeBufferPointer { buffer in
            for byte in buffer { hasher.combine(byte) }
        }
        hasher.combine(word: UInt64(bytes.count))
        return hasher.value
    }
}

/// Little-endian integers, length-prefixed UTF-8 strings, and the settings made of them.
private struct CacheWriter {
    var bytes: [UInt8] = []

    mutating func append(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ value: Int) {
        append(UInt64(bitPattern: Int64(value)))
    }

    mutating func append(_ value: Bool) {
        append(UInt64(value ? 1 : 0))
    }

    mutating func append(_ string: String) {
        append(UInt64(string.utf8.count))
        bytes.append(contentsOf: string.utf8)
    }

    /// A flag, then the string when there is one.
    mutating func append(_ string: String?) {
        append(string != nil)
        if let string { append(string) }
    }

    mutating func append(_ range: SourceRange) {
        for value in [range.start.line, range.start.column, range.end.line, range.end.column] { append(value) }
    }

    mutating func write(_ settings: Settings) {
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

/// Reads what ``CacheWriter`` wrote; every read says `nil` rather than run past the end.
private struct CacheReader {
    let bytes: ArraySlice<UInt8>
    var offset: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        offset = bytes.startIndex
    }

    var isAtEnd: Bool { offset == bytes.endIndex }

    mutating func uint64() -> UInt64? {
        guard bytes.endIndex - offset >= 8 else { return nil }
        var value: UInt64 = 0
        for index in (0..<8).reversed() { value = value << 8 | UInt64(bytes[offset + index]) }
        offset += 8
        return value
    }

    mutating func int() -> Int? {
        uint64().map { Int(Int64(bitPattern: $0)) }
    }

    mutating func bool() -> Bool? {
        switch uint64() {
        case 0: false
        case 1: true
        default: nil
        }
    }

    mutating func string() -> String? {
        guard let length = uint64(), length <= UInt64(bytes.endIndex - offset) else { return nil }
        let end = offset + Int(length)
        guard let string = String(validating: bytes[offset..<end], as: UTF8.self) else { return nil }
        offset = end
        return string
    }

    /// `.some(nil)` for an absent string, `nil` when the bytes do not read.
    mutating func optionalString() -> String?? {
        guard let present = bool() else { return nil }
        return present ? string().map { .some($0) } : .some(nil)
    }

    mutating func range() -> SourceRange? {
        guard let line = int(), let column = int(), let endLine = int(), let endColumn = int() else { return nil }
        return SourceRange(start: SourcePosition(line: line, column: column), end: SourcePosition(line: endLine, column: endColumn))
    }

    /// A count of things that each take at least a byte: never more than the bytes left.
    mutating func count() -> Int? {
        guard let count = uint64(), count <= UInt64(bytes.endIndex - offset) else { return nil }
        return Int(count)
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
