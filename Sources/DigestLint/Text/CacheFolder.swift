import DigestCore
import Foundation

/// Where `digest` keeps what it can rebuild: `$XDG_CACHE_HOME/digest`, or
/// `~/.cache/digest`; `nil` when neither is set, and then nothing is cached.
enum CacheFolder {
    static var url: URL? {
        if let cacheHome = EnvironmentVariable.value("XDG_CACHE_HOME"), !cacheHome.isEmpty {
            return URL(fileURLWithPath: cacheHome).appendingPathComponent("digest")
        }
        if let home = EnvironmentVariable.value("HOME"), !home.isEmpty {
            return URL(fileURLWithPath: home).appendingPathComponent(".cache").appendingPathComponent("digest")
        }
        return nil
    }
}
