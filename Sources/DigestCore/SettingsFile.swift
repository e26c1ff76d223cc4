import Foundation
import Yams

/// Reads `digest.yaml`, the settings file at the root of a newsletter repository.
///
/// Every problem is reported with the file, line and column and the key's full name
/// (`schedule.cadence-days`), all at once rather than one per run.
public enum SettingsFile {
    /// The file's name at the repository root.
    public static let name = "digest.yaml"

    /// Reads the settings file at `url`; with a `cache`, settings read from the very same
    /// bytes before are taken from it (see ``SettingsCache``).
    public static func load(from url: URL, displayPath: String? = nil, cache: SettingsCache? = nil) throws(SettingsError) -> Settings {
        let path = displayPath ?? url.path
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw SettingsError(diagnostics: [
                Diagnostic(
                    path: path, range: SourceRange(start: SourcePosition(line: 1, column: 1), length: 0),
                    severity: .error, rule: "settings", message: "cannot read the settings file: \(error.localizedDescription)")
            ])
        }
        guard let cache else { return try parse(String(decoding: data, as: UTF8.self), path: path) }
        let bytes = Array(data)
        let key = cache.key(bytes: bytes, path: path)
        if let settings = cache.load(key: key) { return settings }
        let settings = try parse(String(decoding: bytes, as: UTF8.self), path: path)
        cache.store(settings, key: key)
        return settings
    }

    /// Reads settings from YAML text; `path` names the file in diagnostics.
    public static func parse(_ yaml: String, path: String) throws(SettingsError) -> Settings {
        let root: Node?
        do {
            // Every value is read as text and checked here, so no YAML type resolution is
            // wanted: the default resolver compiles a dozen regular expressions (ICU) on every
            // run, a millisecond and more of each `digest lint` in a hook. Nor is any value
            // constructed, so the constructor has no maps (the default's dictionaries of
            // closures cost the runtime a scan of every protocol conformance in the
            // executable), and the encoding is named rather than read from the environment.
            root = try Yams.compose(yaml: yaml, .basic, Constructor([:], [:], [:]), .utf8)
        } catch {
            throw SettingsError(diagnostics: [Self.diagnostic(for: error, path: path)])
        }
        var reader = Reader(path: path)
        let settings = reader.settings(from: root)
        guard let settings, reader.diagnostics.isEmpty else {
            throw SettingsError(diagnostics: reader.diagnostics)
        }
        return settings
    }

    static func diagnostic(for error: Error, path: String) -> Diagnostic {
        var position = SourcePosition(line: 1, column: 1)
        var message = "the settings file is not valid YAML"
        if let yamlError = error as? YamlError {
            switch yamlError {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
                position = SourcePosition(line: mark.line, column: mark.column)
                message = "the settings file is not valid YAML: \(problem)"
            case .duplicatedKeysInMapping(let duplicates, let context):
                message = "the key \(duplicates.joined(separator: ", ")) is written twice; keep one"
                position = SourcePosition(line: context.mark.line, column: context.mark.column)
            default:
                message = "the settings file is not valid YAML: \(yamlError)"
            }
        }
        return Diagnostic(path: path, range: SourceRange(start: position, length: 1), severity: .error, rule: "settings", message: message)
    }

    /// Walks the YAML tree, checking each key and collecting every problem.
    private struct Reader {
        let path: String
        var diagnostics: [Diagnostic] = []

        mutating func settings(from root: Node?) -> Settings? {
            guard let root,
                let top = mapping(
                    root, key: nil, allowed: ["publication", "schedule", "sender", "list", "folders", "send", "site", "dkim", "lint"])
            else {
                if root == nil {
                    report(at: nil, "the settings file is empty; copy digest.yaml from the digest repository and change its values")
                }
                return nil
            }
            let defaults = Settings.Folders.defaults
            let publication = section(top, "publication", allowed: ["name", "title", "footer"])
            let schedule = section(top, "schedule", allowed: ["cadence-days", "first-volume-year"])
            let sender = section(top, "sender", allowed: ["name", "address"])
            let list = section(
                top, "list", allowed: ["id", "name", "unsubscribe-address", "unsubscribe-url", "inbox", "inbox-done", "soft-bounce-limit"])
            let folders = top.node["folders"].flatMap { mapping($0, key: "folders", allowed: ["drafts", "archive", "outbox"]) }

            let name = text(publication, "publication.name")
            let titlePattern = title(publication, "publication.title")
            let footer = text(publication, "publication.footer")
            let cadence = integer(schedule, "schedule.cadence-days", in: 1...366)
            let firstYear = integer(schedule, "schedule.first-volume-year", in: 1900...9999)
            let senderName = text(sender, "sender.name")
            let senderAddress = address(sender, "sender.address")
            let listID = listIdentifier(list, "list.id")
            let listName = text(list, "list.name")
            let drafts = folders == nil ? defaults.drafts : folder(folders, "folders.drafts", default: defaults.drafts)
            let archive = folders == nil ? defaults.archive : folder(folders, "folders.archive", default: defaults.archive)
            let outbox = folders == nil ? defaults.outbox : folder(folders, "folders.outbox", default: defaults.outbox)
            let unsubscribeAddress =
                list?.node["unsubscribe-address"] == nil ? .some(nil) : address(list, "list.unsubscribe-address").map { $0 }
            let unsubscribeURL = list?.node["unsubscribe-url"] == nil ? .some(nil) : httpsURL(list, "list.unsubscribe-url").map { $0 }
            let inbox = inboxSettings(list)
            let sendSection = top.node["send"].flatMap {
                mapping($0, key: "send", allowed: ["via", "smtp", "connections", "rate", "max-message-size"])
            }
            let delivery = delivery(sendSection)
            let site = site(
                top.node["site"].flatMap { mapping($0, key: "site", allowed: ["base-url", "max-image-size", "paper", "feed-entries"]) })
            let dkimSection = top.node["dkim"].flatMap { mapping($0, key: "dkim", allowed: ["selector", "domain"]) }
            let dkim = dkimSection.map { dkimSettings($0) }
            let lintSection = top.node["lint"].flatMap { mapping($0, key: "lint", allowed: ["rules", "words", "substitutions"]) }
            let lint = lintSettings(lintSection)

            guard let name, let titlePattern, let footer, let cadence, let firstYear, let senderName, let senderAddress,
                let listID, let listName, let drafts, let archive, let outbox, let unsubscribeAddress, let unsubscribeURL,
                let delivery, let site, let lint, let inbox, dkim != .some(nil), top.node["dkim"] == nil || dkimSection != nil
            else { return nil }
            return Settings(
                publication: .init(name: name, title: titlePattern, footer: footer),
                schedule: .init(cadenceDays: cadence, firstVolumeYear: firstYear),
                sender: .init(name: senderName, address: senderAddress),
                list: .init(
                    id: listID, name: listName, unsubscribeAddress: unsubscribeAddress, unsubscribeURL: unsubscribeURL, inbox: inbox.url,
                    inboxDone: inbox.done, softBounceLimit: inbox.softLimit),
                folders: .init(drafts: drafts, archive: archive, outbox: outbox),
                delivery: delivery,
                site: site,
                dkim: dkim.flatMap { $0 },
                lint: lint)
        }

        // MARK: The list's mailbox

        /// `list.inbox`, `list.inbox-done` and `list.soft-bounce-limit`, or `nil` when one is wrong.
        mutating func inboxSettings(_ list: KeyedMapping?) -> (url: String?, done: String, softLimit: Int)? {
            var result: (url: String?, done: String, softLimit: Int) = (nil, "Processed", 3)
            guard let list else { return result }
            var valid = true
            if list.node["inbox"] != nil {
                if let url = text(list, "list.inbox") {
                    if let problem = InboxURL.problem(with: url) {
                        report(at: list.node["inbox"]?.mark, "\"list.inbox\" \(problem)")
                        valid = false
                    } else {
                        result.url = url
                    }
                } else {
                    valid = false
                }
            }
            if list.node["inbox-done"] != nil {
                let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
                if let done = text(list, "list.inbox-done"), done.allSatisfy(allowed.contains), done.count <= 64 {
                    result.done = done
                } else {
                    report(
                        at: list.node["inbox-done"]?.mark,
                        "\"list.inbox-done\" must be a folder name of letters, digits, - and _, such as Processed")
                    valid = false
                }
            }
            if list.node["soft-bounce-limit"] != nil {
                if let limit = integer(list, "list.soft-bounce-limit", in: 1...100) { result.softLimit = limit } else { valid = false }
            }
            return valid ? result : nil
        }

        // MARK: The send section

        mutating func delivery(_ section: KeyedMapping?) -> Settings.Delivery? {
            var delivery = Settings.Delivery.defaults
            guard let section else { return delivery }
            var valid = true
            if section.node["via"] != nil {
                if let url = text(section, "send.via") {
                    if let problem = RouteURL.problem(with: url) {
                        report(at: section.node["via"]?.mark, "\"send.via\" \(problem)")
                        valid = false
                    } else if section.node["smtp"] != nil {
                        report(
                            at: section.node["via"]?.mark,
                            "\"send.via\" and \"send.smtp\" both name a route; keep send.via (send.smtp: URL is send.via: URL)")
                        valid = false
                    } else {
                        delivery.via = url
                    }
                } else {
                    valid = false
                }
            }
            if section.node["smtp"] != nil {
                if let url = text(section, "send.smtp") {
                    if let problem = SMTPURL.problem(with: url) {
                        report(at: section.node["smtp"]?.mark, "\"send.smtp\" \(problem)")
                        valid = false
                    } else {
                        delivery.smtp = url
                    }
                } else {
                    valid = false
                }
            }
            if section.node["connections"] != nil {
                if let connections = integer(section, "send.connections", in: 1...32) {
                    delivery.connections = connections
                } else {
                    valid = false
                }
            }
            if section.node["rate"] != nil {
                if let (value, _) = scalar(section, "send.rate"), let rate = Double(value), Settings.Delivery.rates.contains(rate) {
                    delivery.rate = rate
                } else {
                    report(at: section.node["rate"]?.mark, "\"send.rate\" must be \(Settings.Delivery.rateAdvice)")
                    valid = false
                }
            }
            if section.node["max-message-size"] != nil {
                if let (value, mark) = scalar(section, "send.max-message-size") {
                    if let size = Self.byteSize(value), (1024...(1 << 40)).contains(size) {
                        delivery.maxMessageSize = size
                    } else {
                        report(
                            at: mark, "\"send.max-message-size\" must be a size such as 10 MB, 500 KB or 10485760 (bytes), not \"\(value)\""
                        )
                        valid = false
                    }
                } else {
                    valid = false
                }
            }
            return valid ? delivery : nil
        }

        // MARK: The site section

        mutating func site(_ section: KeyedMapping?) -> Settings.Site? {
            var site = Settings.Site.defaults
            guard let section else { return site }
            var valid = true
            if section.node["base-url"] != nil {
                if let url = httpsURL(section, "site.base-url", example: "https://example.org/digest/") {
                    // Page, image and feed addresses are made by appending paths to it.
                    if url.contains("?") || url.contains("#") {
                        report(
                            at: section.node["base-url"]?.mark,
                            "\"site.base-url\" is the site's folder, without ? or #, such as https://example.org/digest/")
                        valid = false
                    } else {
                        site.baseURL = url
                    }
                } else {
                    valid = false
                }
            }
            if section.node["max-image-size"] != nil {
                if let (value, mark) = scalar(section, "site.max-image-size") {
                    if let size = Self.byteSize(value), (1024...(1 << 30)).contains(size) {
                        site.maxImageSize = size
                    } else {
                        report(at: mark, "\"site.max-image-size\" must be a size such as 500 KB or 1 MB, not \"\(value)\"")
                        valid = false
                    }
                } else {
                    valid = false
                }
            }
            if section.node["paper"] != nil {
                if let (value, mark) = scalar(section, "site.paper") {
                    if let paper = Settings.Site.papers.first(where: { $0.caseInsensitiveCompare(value) == .orderedSame }) {
                        site.paper = paper
                    } else {
                        report(at: mark, "\"site.paper\" must be A4 or Letter, not \"\(value)\"")
                        valid = false
                    }
                } else {
                    valid = false
                }
            }
            if section.node["feed-entries"] != nil {
                if let (value, mark) = scalar(section, "site.feed-entries") {
                    if let count = Int(value), (1...1_000).contains(count) {
                        site.feedEntries = count
                    } else {
                        report(at: mark, "\"site.feed-entries\" must be a whole number from 1 to 1000, not \"\(value)\"")
                        valid = false
                    }
                } else {
                    valid = false
                }
            }
            return valid ? site : nil
        }

        // MARK: The dkim section

        /// The section's values, or `nil` when one is wrong (reported with its line).
        mutating func dkimSettings(_ section: KeyedMapping) -> Settings.DKIM? {
            let selector = dnsName(section, "dkim.selector", example: "digest2026")
            let domain = section.node["domain"] == nil ? .some(nil) : dnsName(section, "dkim.domain", example: "example.org").map { $0 }
            guard let selector, let domain else { return nil }
            let mark = section.mark
            return Settings.DKIM(selector: selector, domain: domain, location: "\(path):\(mark?.line ?? 1):\(mark?.column ?? 1)")
        }

        /// A selector or domain (``Settings/DKIM/isDNSName(_:)``).
        mutating func dnsName(_ parent: KeyedMapping, _ fullKey: String, example: String) -> String? {
            guard let value = text(parent, fullKey) else { return nil }
            guard Settings.DKIM.isDNSName(value) else {
                report(
                    at: parent.node[String(fullKey.split(separator: ".").last!)]?.mark,
                    "\"\(fullKey)\" must be a DNS name of letters, digits, hyphens and dots, such as \(example), not \"\(value)\"")
                return nil
            }
            return value
        }

        /// `10 MB`, `500KB`, `10485760`: bytes, with KB, MB and GB counted in 1,024s.
        static func byteSize(_ text: String) -> Int? {
            let trimmed = text.trimmingWhitespace.lowercased()
            let digits = trimmed.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            let unit = trimmed.dropFirst(digits.count).trimmingWhitespace
            let factors: [String: Double] = [
                "": 1, "b": 1, "kb": 1024, "kib": 1024, "mb": 1_048_576, "mib": 1_048_576, "gb": 1_073_741_824, "gib": 1_073_741_824,
            ]
            guard let number = Double(digits), let factor = factors[unit], (number * factor) < 1e15 else { return nil }
            return Int(number * factor)
        }

        mutating func httpsURL(_ parent: KeyedMapping?, _ fullKey: String, example: String = "https://example.org/unsubscribe") -> String? {
            guard let value = text(parent, fullKey) else { return nil }
            let key = String(fullKey.split(separator: ".").last!)
            guard let components = URLComponents(string: value), components.scheme == "https", components.host?.isEmpty == false,
                components.user == nil, components.password == nil, !value.contains(" ")
            else {
                report(at: parent?.node[key]?.mark, "\"\(fullKey)\" must be an https:// address, such as \(example)")
                return nil
            }
            return value
        }

        // MARK: The lint section

        mutating func lintSettings(_ section: KeyedMapping?) -> LintSettings? {
            guard let section else { return LintSettings() }
            var settings = LintSettings()
            var valid = true
            if let rules = section.node["rules"] {
                if let mapping = rules.mapping {
                    for (key, value) in mapping {
                        let rule = key.string ?? ""
                        let word = value.string?.lowercased() ?? ""
                        let severity: Severity?? = word == "off" ? .some(nil) : Severity(rawValue: word).map { .some($0) }
                        guard let severity else {
                            report(
                                at: value.mark,
                                "\"lint.rules.\(rule)\" must be error, warning, note or off, not \"\(value.string ?? "a list")\"")
                            valid = false
                            continue
                        }
                        settings.rules.append(RuleSetting(rule: rule, severity: severity, location: location(key.mark)))
                    }
                } else {
                    report(at: rules.mark, "\"lint.rules\" must map rule names to error, warning, note or off")
                    valid = false
                }
            }
            if let words = section.node["words"] {
                guard let sequence = words.sequence else {
                    report(at: words.mark, "\"lint.words\" must be a list of words, such as [Kishida, Sasakawa]")
                    return nil
                }
                for word in sequence {
                    guard let text = word.string, !text.isEmpty, !text.contains(where: { $0 == " " || $0.isNewline }) else {
                        report(at: word.mark, "each entry of \"lint.words\" must be one word without spaces")
                        valid = false
                        continue
                    }
                    settings.words.append(text)
                }
            }
            if let substitutions = section.node["substitutions"] {
                guard let sequence = substitutions.sequence else {
                    report(at: substitutions.mark, "\"lint.substitutions\" must be a list of entries with find, replace and message")
                    return nil
                }
                for (index, entry) in sequence.enumerated() {
                    let key = "lint.substitutions[\(index + 1)]"
                    guard let entryMapping = mapping(entry, key: key, allowed: ["find", "replace", "message", "fix"]) else {
                        valid = false
                        continue
                    }
                    let find = scalar(entryMapping, "\(key).find")
                    let replace = scalar(entryMapping, "\(key).replace")
                    let message = text(entryMapping, "\(key).message")
                    guard let (pattern, patternMark) = find, let (replacement, _) = replace, let message else {
                        valid = false
                        continue
                    }
                    // The pattern is compiled (and a bad one reported, with this line) by
                    // `digest lint`, the only command that uses it.
                    var substitution = Substitution(find: pattern, replace: replacement, message: message, location: location(patternMark))
                    if let fix = entryMapping.node["fix"] {
                        guard let value = ["true": true, "false": false][fix.string?.lowercased() ?? ""] else {
                            report(at: fix.mark, "\"\(key).fix\" must be true or false")
                            valid = false
                            continue
                        }
                        substitution.fixable = value
                    }
                    settings.substitutions.append(substitution)
                }
            }
            return valid ? settings : nil
        }

        func location(_ mark: Mark?) -> NodeLocation {
            let position = mark.map { SourcePosition(line: $0.line, column: $0.column) } ?? SourcePosition(line: 1, column: 1)
            return NodeLocation(SourceRange(start: position, length: 1))
        }

        /// A mapping with the keys it holds; unknown keys are reported.
        struct KeyedMapping {
            let key: String?
            let node: Node.Mapping
            let mark: Mark?
        }

        mutating func mapping(_ node: Node, key: String?, allowed: [String]) -> KeyedMapping? {
            guard let mapping = node.mapping else {
                report(
                    at: node.mark,
                    "\(key.map { "\"\($0)\"" } ?? "the settings file") must be a mapping of keys to values, such as \"\(allowed[0]): …\"")
                return nil
            }
            for (keyNode, _) in mapping {
                let name = keyNode.string ?? ""
                if !allowed.contains(name) {
                    let full = key.map { "\($0).\(name)" } ?? name
                    report(at: keyNode.mark, "unknown key \"\(full)\"; the keys here are \(allowed.joined(separator: ", "))")
                }
            }
            return KeyedMapping(key: key, node: mapping, mark: node.mark)
        }

        mutating func section(_ top: KeyedMapping, _ key: String, allowed: [String]) -> KeyedMapping? {
            guard let node = top.node[key] else {
                report(at: top.mark, "the key \"\(key)\" is missing; add it with its \(allowed.joined(separator: ", "))")
                return nil
            }
            return mapping(node, key: key, allowed: allowed)
        }

        /// The scalar at `fullKey` (`publication.name`), reporting a missing or non-text value.
        mutating func scalar(_ parent: KeyedMapping?, _ fullKey: String) -> (String, Mark?)? {
            guard let parent else { return nil }
            let key = String(fullKey.split(separator: ".").last!)
            guard let node = parent.node[key] else {
                report(at: parent.mark, "the key \"\(fullKey)\" is missing; add it")
                return nil
            }
            guard case .scalar(let scalar) = node else {
                report(at: node.mark, "\"\(fullKey)\" must be a single value, not a list or mapping")
                return nil
            }
            return (scalar.string, node.mark)
        }

        mutating func text(_ parent: KeyedMapping?, _ fullKey: String) -> String? {
            guard let (value, mark) = scalar(parent, fullKey) else { return nil }
            let trimmed = value.trimmingWhitespaceAndNewlines
            guard !trimmed.isEmpty else {
                report(at: mark, "\"\(fullKey)\" is empty; give it a value")
                return nil
            }
            if trimmed.containsControlCharacter {
                report(at: mark, "\"\(fullKey)\" contains a line break or control character; write it on one line")
                return nil
            }
            return trimmed
        }

        mutating func integer(_ parent: KeyedMapping?, _ fullKey: String, in range: ClosedRange<Int>) -> Int? {
            guard let (value, mark) = scalar(parent, fullKey) else { return nil }
            guard let number = Int(value), range.contains(number) else {
                report(at: mark, "\"\(fullKey)\" must be a whole number from \(range.lowerBound) to \(range.upperBound), not \"\(value)\"")
                return nil
            }
            return number
        }

        mutating func title(_ parent: KeyedMapping?, _ fullKey: String) -> TitlePattern? {
            guard let value = text(parent, fullKey) else { return nil }
            do {
                return try TitlePattern(value)
            } catch {
                report(at: parent?.node["title"]?.mark, "\"\(fullKey)\": \(error.message)")
                return nil
            }
        }

        mutating func address(_ parent: KeyedMapping?, _ fullKey: String) -> String? {
            guard let value = text(parent, fullKey) else { return nil }
            if let problem = EmailAddressCheck.problem(with: value) {
                report(at: parent?.node[String(fullKey.split(separator: ".").last!)]?.mark, "\"\(fullKey)\" \(problem)")
                return nil
            }
            return value
        }

        mutating func listIdentifier(_ parent: KeyedMapping?, _ fullKey: String) -> String? {
            guard let value = text(parent, fullKey) else { return nil }
            let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.")
            let labels = value.split(separator: ".", omittingEmptySubsequences: false)
            guard value.allSatisfy(allowed.contains), labels.count >= 2, labels.allSatisfy({ !$0.isEmpty }) else {
                report(
                    at: parent?.node["id"]?.mark,
                    "\"\(fullKey)\" must be a dotted name of letters, digits and hyphens, such as alliance-digest.example.org")
                return nil
            }
            return value
        }

        mutating func folder(_ parent: KeyedMapping?, _ fullKey: String, default defaultValue: String) -> String? {
            guard let parent, parent.node[String(fullKey.split(separator: ".").last!)] != nil else { return defaultValue }
            guard let value = text(parent, fullKey) else { return nil }
            if value.hasPrefix("/") || value.split(separator: "/").contains("..") {
                report(
                    at: parent.node[String(fullKey.split(separator: ".").last!)]?.mark,
                    "\"\(fullKey)\" must be a folder inside the repository, such as \(defaultValue)")
                return nil
            }
            return value
        }

        mutating func report(at mark: Mark?, _ message: String) {
            let position = mark.map { SourcePosition(line: $0.line, column: $0.column) } ?? SourcePosition(line: 1, column: 1)
            diagnostics.append(
                Diagnostic(
                    path: path, range: SourceRange(start: position, length: 1), severity: .error, rule: "settings", message: message))
        }
    }
}

/// A settings file that cannot be used, with every problem in it.
public struct SettingsError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public var description: String {
        diagnostics.map(\.formatted).joined(separator: "\n")
    }
}
