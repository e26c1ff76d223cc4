import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A file's size and modification time, which the caches are keyed by.
///
/// Read with `stat(2)`, which follows a link to the file itself (`/usr/share/dict/words` is
/// usually one). `FileManager.attributesOfItem` describes the link instead, and also looks
/// up the owner's user and group names, which took longer than anything else a one-file
/// lint does before it reads the issues.
struct FileStamp: Equatable, CustomStringConvertible {
    var size: UInt64
    /// Seconds since 1970, with the nanoseconds.
    var modified: Double

    init?(path: String) {
        #if canImport(Glibc)
            var status = stat()
            guard stat(path, &status) == 0 else { return nil }
            size = UInt64(status.st_size)
            modified = Double(status.st_mtim.tv_sec) + Double(status.st_mtim.tv_nsec) / 1_000_000_000
        #else
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
            size = (attributes[.size] as? NSNumber)?.uint64Value ?? 0
            modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        #endif
    }

    var description: String { "\(size)|\(modified)" }
}
