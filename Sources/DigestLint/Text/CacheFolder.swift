import DigestCore
import Foundation

/// Where `digest` keeps what it can rebuild: `$XDG_CACHE_HOME/digest`, or
/// `~/.cache/digest`; `nil` when neither is set, and then nothing is cached. Each cache there
/// is keyed by what it was made from and by the build that made it.
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

    /// The running executable's path, size and modification time, which every cache's key
    /// takes in: another build of digest may parse issues, settings or patterns differently,
    /// so it does not trust this one's caches.
    static let buildIdentity: String? = {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? Bundle.main.executablePath
        guard let executable, let stamp = FileStamp(path: executable) else { return nil }
        return "\(executable)|\(stamp)"
    }()
}
