import Foundation

/// Which boot of the operating system this process runs in.
///
/// A killed process loses nothing it wrote with `write(2)`: the kernel still holds it and
/// puts it on disk in its own time. Only a stop of the kernel itself (a power cut, a system
/// crash, a reset) can lose what was not flushed with `fsync(2)`, and every boot has a new
/// identifier. So the send journal notes the boot its lines were written in, and a reader
/// knows whether lines written but not flushed could have been lost since.
public enum BootSession {
    /// The kernel's identifier for this boot; `nil` where the system gives none, and then
    /// every line from an earlier run is treated as if the system had restarted since.
    public static let current: String? = {
        #if os(Linux)
            guard let text = try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8) else { return nil }
            let identifier = text.trimmingCharacters(in: .whitespacesAndNewlines)
            return identifier.isEmpty || identifier.contains("/") ? nil : identifier
        #else
            return nil
        #endif
    }()
}
