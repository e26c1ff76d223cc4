import DigestCore
import Foundation

/// A newsletter's working repository: the folder holding `digest.yaml`, with its settings.
public struct Repository: Sendable {
    /// The folder that holds `digest.yaml`.
    public let root: URL
    public let settings: Settings

    public init(root: URL, settings: Settings) {
        self.root = root.standardizedFileURL
        self.settings = settings
    }

    /// The repository containing `folder`: the nearest folder at or above it with a `digest.yaml`.
    /// `settingsCache` gives the cache for a settings file, if it is to have one.
    public static func locate(from folder: URL, settingsCache: (URL) -> SettingsCache? = { _ in nil }) throws(ArchiveError)
        -> Repository
    {
        var candidate = folder.standardizedFileURL
        while true {
            let settingsURL = candidate.appendingPathComponent(SettingsFile.name)
            if FileManager.default.fileExists(atPath: settingsURL.path) {
                do {
                    let settings = try SettingsFile.load(
                        from: settingsURL, displayPath: displayPath(of: settingsURL), cache: settingsCache(settingsURL))
                    return Repository(root: candidate, settings: settings)
                } catch {
                    throw .settings(error)
                }
            }
            let parent = candidate.deletingLastPathComponent()
            if parent.path == candidate.path { throw .noRepository(start: folder.path) }
            candidate = parent
        }
    }

    /// The repository around the current folder.
    public static func current(settingsCache: (URL) -> SettingsCache? = { _ in nil }) throws(ArchiveError) -> Repository {
        try locate(from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath), settingsCache: settingsCache)
    }

    public var draftsFolder: URL { root.appendingPathComponent(settings.folders.drafts, isDirectory: true) }
    public var archiveFolder: URL { root.appendingPathComponent(settings.folders.archive, isDirectory: true) }
    /// Where `digest preview` writes: a private folder (700) in the repository's git-ignored `.digest/`.
    public var previewFolder: URL { root.appendingPathComponent(".digest/preview", isDirectory: true) }
}

/// How to name a file to an editor: relative to the current folder when it is inside it.
public func displayPath(of url: URL) -> String {
    DisplayPaths().path(of: url)
}

/// ``displayPath(of:)`` for many files at once: the current folder is looked up once, not
/// once per file.
public struct DisplayPaths: Sendable {
    /// The current folder, ending in a slash.
    let prefix: String

    public init() {
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        prefix = current.hasSuffix("/") ? current : current + "/"
    }

    /// How to name the file at `url` to an editor.
    public func path(of url: URL) -> String {
        path(ofStandardized: url.standardizedFileURL.path)
    }

    /// How to name the file at `path`, a standardized absolute path, to an editor.
    public func path(ofStandardized path: String) -> String {
        path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
