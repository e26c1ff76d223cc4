import DigestTestSupport
import Foundation
import Testing

@testable import DigestCore

/// Settings a run read before come from the cache only when the settings file's bytes are
/// the very same; anything else reads the YAML again, as before.
@Suite("SettingsCache")
struct SettingsCacheTests {
    static let committed = projectRoot.appendingPathComponent("digest.yaml")

    /// The committed settings with every optional part given and every default changed.
    static let everything = """
        publication:
          name: The Test Digest
          title: "{name} No {volume}-{number}"
          footer: Footer “one”
        schedule:
          cadence-days: 7
          first-volume-year: 2020
        sender:
          name: Test Sender
          address: sender@example.org
        list:
          id: test.example.org
          name: Test List
          unsubscribe-address: leave@example.org
          unsubscribe-url: https://example.org/leave
          inbox: imaps://imap.example.org/INBOX
          inbox-done: Done
          soft-bounce-limit: 5
        folders:
          drafts: D
          archive: A
          outbox: O
        send:
          via: smtp://mail.example.org:587
          connections: 3
          rate: 2.5
          max-message-size: 1000000
        site:
          base-url: https://example.org/digest/
          max-image-size: 1 KB
          paper: Letter
          feed-entries: 5
        dkim:
          selector: s1
          domain: example.org
        lint:
          rules:
            cadence: warning
            spelling: off
          words:
            - Beeman
            - Kishida
          substitutions:
            - find: '\\bU\\.S\\.'
              replace: US
              message: write "US"
            - find: '(\\d)(st|nd|rd|th)\\b'
              replace: $1
              message: no ordinals
              fix: false
        """

    /// A folder of its own for each test, removed after it.
    final class Scratch {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("settings-cache-\(UUID().uuidString)")

        init() throws {
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        }

        deinit {
            try? FileManager.default.removeItem(at: root)
        }

        var settingsURL: URL { root.appendingPathComponent("digest.yaml") }

        func cache(identity: String = "build-1") -> SettingsCache {
            SettingsCache(url: root.appendingPathComponent("cache/settings.bin"), identity: identity)
        }

        func writeSettings(_ text: String) throws {
            try Data(text.utf8).write(to: settingsURL)
        }
    }

    /// Every value, locations included (settings compare equal whatever their locations).
    static func describe(_ settings: Settings) -> String {
        let locations =
            settings.lint.rules.map { "\($0.rule)@\($0.location.range)" }
            + settings.lint.substitutions.map { "\($0.find)@\($0.location.range)/\($0.fixable)" }
        return "\(settings)|\(locations)"
    }

    @Test("settings read back from the cache are the settings written, locations and all")
    func roundTrip() throws {
        for text in [try String(contentsOf: Self.committed, encoding: .utf8), Self.everything] {
            let settings = try SettingsFile.parse(text, path: "digest.yaml")
            let decoded = try #require(SettingsCache.decode(SettingsCache.encode(settings, key: 7), key: 7))
            #expect(Self.describe(decoded) == Self.describe(settings))
        }
        let everything = try SettingsFile.parse(Self.everything, path: "digest.yaml")
        #expect(everything.dkim?.location?.hasPrefix("digest.yaml:") == true)
        #expect(everything.delivery.rate == 2.5)
        #expect(everything.lint.substitutions.last?.fixable == false)
        #expect(everything.lint.rules.last?.severity == nil)
    }

    /// The cache writes each stored property by name: one added to the settings must be
    /// added to ``SettingsCache`` too, or a cached run would lose it.
    @Test("the cache knows every stored property of the settings")
    func everyProperty() throws {
        let settings = try SettingsFile.parse(Self.everything, path: "digest.yaml")
        let counts: [(Any, Int)] = [
            (settings, 9), (settings.publication, 3), (settings.schedule, 2), (settings.sender, 2), (settings.list, 7),
            (settings.folders, 3), (settings.delivery, 5), (settings.site, 4), (settings.dkim!, 3), (settings.lint, 3),
            (settings.lint.rules[0], 3), (settings.lint.substitutions[0], 5),
        ]
        for (value, count) in counts {
            #expect(Mirror(reflecting: value).children.count == count, "\(type(of: value)) changed: update SettingsCache to match")
        }
    }

    @Test("a second load comes from the cache, written readable by its owner only")
    func servedFromCache() throws {
        let scratch = try Scratch()
        try scratch.writeSettings(Self.everything)
        let cache = scratch.cache()
        let first = try SettingsFile.load(from: scratch.settingsURL, displayPath: "digest.yaml", cache: cache)
        var status = stat()
        #expect(stat(cache.url.path, &status) == 0)
        #expect(status.st_mode & 0o777 == 0o600)
        // Cached settings under the file's key, with a value the file does not have: the
        // load that answers with it read the cache, not the YAML.
        let bytes = Array(try Data(contentsOf: scratch.settingsURL))
        var marked = first
        marked.publication.name = "From the cache"
        cache.store(marked, key: cache.key(bytes: bytes, path: "digest.yaml"))
        let second = try SettingsFile.load(from: scratch.settingsURL, displayPath: "digest.yaml", cache: cache)
        #expect(second.publication.name == "From the cache")
        #expect(Self.describe(first) == Self.describe(try SettingsFile.parse(Self.everything, path: "digest.yaml")))
    }

    @Test("an edit of the same size within the same second, mtime put back, is read")
    func sameSizeAndTime() throws {
        let scratch = try Scratch()
        try scratch.writeSettings(Self.everything)
        var before = stat()
        #expect(stat(scratch.settingsURL.path, &before) == 0)
        let cache = scratch.cache()
        #expect(try SettingsFile.load(from: scratch.settingsURL, cache: cache).schedule.cadenceDays == 7)
        try scratch.writeSettings(Self.everything.replacingOccurrences(of: "cadence-days: 7", with: "cadence-days: 8"))
        // The size and the modification time are what they were: only the bytes tell.
        var times = [before.st_atim, before.st_mtim]
        #expect(utimensat(AT_FDCWD, scratch.settingsURL.path, &times, 0) == 0)
        var after = stat()
        #expect(stat(scratch.settingsURL.path, &after) == 0)
        #expect(after.st_size == before.st_size && after.st_mtim.tv_sec == before.st_mtim.tv_sec)
        #expect(after.st_mtim.tv_nsec == before.st_mtim.tv_nsec)
        #expect(try SettingsFile.load(from: scratch.settingsURL, cache: cache).schedule.cadenceDays == 8)
    }

    @Test("another display path or another build of digest does not use the cache")
    func otherPathOrBuild() throws {
        let scratch = try Scratch()
        try scratch.writeSettings(Self.everything)
        let first = try SettingsFile.load(from: scratch.settingsURL, displayPath: "digest.yaml", cache: scratch.cache())
        #expect(first.dkim?.location?.hasPrefix("digest.yaml:") == true)
        let elsewhere = try SettingsFile.load(from: scratch.settingsURL, displayPath: "../digest.yaml", cache: scratch.cache())
        #expect(elsewhere.dkim?.location == "../" + (first.dkim?.location ?? ""))
        let bytes = Array(try Data(contentsOf: scratch.settingsURL))
        #expect(scratch.cache().key(bytes: bytes, path: "x") != scratch.cache(identity: "build-2").key(bytes: bytes, path: "x"))
        #expect(scratch.cache(identity: "build-2").load(key: scratch.cache(identity: "build-2").key(bytes: bytes, path: "x")) == nil)
    }

    @Test("a damaged cache file is read past, and rewritten", arguments: ["truncated", "flipped", "garbage", "empty", "folder"])
    func damagedCache(_ damage: String) throws {
        let scratch = try Scratch()
        try scratch.writeSettings(Self.everything)
        let cache = scratch.cache()
        let expected = Self.describe(try SettingsFile.load(from: scratch.settingsURL, cache: cache))
        var bytes = Array(try Data(contentsOf: cache.url))
        switch damage {
        case "truncated": bytes.removeLast(bytes.count / 3)
        case "flipped": bytes[bytes.count - 10] ^= 0x20
        case "garbage": bytes = Array(repeating: 0xFF, count: 200)
        case "empty": bytes = []
        default: break
        }
        if damage == "folder" {
            // A folder where the file should be: nothing can be read or written there.
            try FileManager.default.removeItem(at: cache.url)
            try FileManager.default.createDirectory(at: cache.url, withIntermediateDirectories: true)
        } else {
            try Data(bytes).write(to: cache.url)
        }
        #expect(Self.describe(try SettingsFile.load(from: scratch.settingsURL, cache: cache)) == expected)
        if damage != "folder" {
            let key = cache.key(bytes: Array(try Data(contentsOf: scratch.settingsURL)), path: scratch.settingsURL.path)
            #expect(cache.load(key: key) != nil, "the cache was written anew")
        }
    }

    @Test("a cache folder that cannot be made costs only the cache")
    func unwritableFolder() throws {
        let scratch = try Scratch()
        try scratch.writeSettings(Self.everything)
        // A file where the cache folder should be.
        try Data("not a folder".utf8).write(to: scratch.root.appendingPathComponent("cache"))
        let cache = scratch.cache()
        for _ in 0..<2 {
            #expect(try SettingsFile.load(from: scratch.settingsURL, cache: cache).schedule.cadenceDays == 7)
        }
    }

    @Test("settings with a mistake give the same diagnostics with a cache, and are not cached")
    func mistakesNotCached() throws {
        let scratch = try Scratch()
        try scratch.writeSettings(Self.everything.replacingOccurrences(of: "cadence-days: 7", with: "cadence-days: soon"))
        func diagnostics(_ cache: SettingsCache?) -> [String] {
            do {
                _ = try SettingsFile.load(from: scratch.settingsURL, displayPath: "digest.yaml", cache: cache)
                return []
            } catch {
                return error.diagnostics.map(\.formatted)
            }
        }
        let without = diagnostics(nil)
        #expect(!without.isEmpty)
        #expect(diagnostics(scratch.cache()) == without)
        #expect(diagnostics(scratch.cache()) == without)
        #expect(!FileManager.default.fileExists(atPath: scratch.cache().url.path))
    }

    @Test("the cache folder keeps the caches of the 32 settings files written last")
    func pruning() throws {
        let scratch = try Scratch()
        let folder = scratch.root.appendingPathComponent("many")
        let settings = try SettingsFile.parse(Self.everything, path: "digest.yaml")
        for index in 0..<40 {
            SettingsCache(url: folder.appendingPathComponent("settings-\(index).bin"), identity: "b").store(settings, key: 1)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).count == SettingsCache.filesKept)
        // Written a second apart, oldest first (a quick loop writes several in one tick of
        // the file system's clock): the oldest go.
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        for name in names {
            let index = Int(name.dropFirst("settings-".count).dropLast(".bin".count))!
            var times = [timespec(tv_sec: 1_000_000 + index, tv_nsec: 0), timespec(tv_sec: 1_000_000 + index, tv_nsec: 0)]
            #expect(utimensat(AT_FDCWD, folder.appendingPathComponent(name).path, &times, 0) == 0)
        }
        let oldest = names.min { Int($0.dropFirst(9).dropLast(4))! < Int($1.dropFirst(9).dropLast(4))! }!
        SettingsCache(url: folder.appendingPathComponent("settings-40.bin"), identity: "b").store(settings, key: 1)
        let kept = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(kept.count == SettingsCache.filesKept)
        #expect(kept.contains("settings-40.bin"))
        #expect(!kept.contains(oldest))
    }
}
