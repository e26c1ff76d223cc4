import DigestCore
import Foundation

/// The caches a lint run keeps between runs that the command asks for by name.
public enum LintCaches {
    /// The cache of the settings file at `settingsURL` (DigestCore's `SettingsCache`), in the user's
    /// cache folder like the word list's and the archive's: not in the repository, where
    /// `git status` would show it, nor under `.git/`, which a repository linted from a copy or
    /// a plain folder does not have. Named by the file's path; `nil` when there is no cache
    /// folder or the running build cannot be told, and then the YAML is read every run.
    public static func settingsCache(for settingsURL: URL) -> SettingsCache? {
        guard let folder = CacheFolder.url, let build = CacheFolder.buildIdentity else { return nil }
        return SettingsCache(for: settingsURL, in: folder, identity: build)
    }
}
