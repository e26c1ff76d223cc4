import Foundation

/// Where `digest` keeps what it can rebuild: `$XDG_CACHE_HOME/digest`, or
/// `~/.cache/digest`; `nil` when neither is set, and then nothing is cached.
enum CacheFolder {
    static var url: URL? {
        let environment = ProcessInfo.processInfo.environment
        if let cacheHome = environment["XDG_CACHE_HOME"], !cacheHome.isEmpty {
            return URL(fileURLWithPath: cacheHome).appendingPathComponent("digest")
        }
        if let home = environment["HOME"], !home.isEmpty {
            return URL(fileURLWithPath: home).appendingPathComponent(".cache").appendingPathComponent("digest")
        }
        return nil
    }
}
