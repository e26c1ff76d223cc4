import Foundation

#if canImport(Glibc)
    import Glibc
#endif

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
            // Read with open(2) and read(2), and trimmed by hand: Foundation's file reading and
            // character sets would bring their tables into the memory of every send for 37 bytes.
            let descriptor = open("/proc/sys/kernel/random/boot_id", O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { return nil }
            defer { close(descriptor) }
            var bytes = [UInt8](repeating: 0, count: 64)
            var count = read(descriptor, &bytes, bytes.count)
            while count > 0, bytes[count - 1] == UInt8(ascii: "\n") || bytes[count - 1] == UInt8(ascii: " ") { count -= 1 }
            guard count > 0, !bytes[..<count].contains(UInt8(ascii: "/")) else { return nil }
            return String(decoding: bytes[..<count], as: UTF8.self)
        #else
            return nil
        #endif
    }()
}
