import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes new files whole or not at all, and never over an existing file.
public enum NewFileWriter {
    /// Writes `contents` to `url`, creating the folders above it.
    ///
    /// The text goes to a temporary file in the same folder first and is then linked into
    /// place, which fails if the name is taken: a crash leaves either no file or the whole
    /// file, and two writers racing for one name cannot both win.
    public static func write(_ contents: String, to url: URL) throws(ArchiveError) {
        let path = displayPath(of: url)
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw .io(path: displayPath(of: folder), reason: "cannot create the folder (\(error.localizedDescription))")
        }
        if FileManager.default.fileExists(atPath: url.path) { throw .fileExists(path: path) }
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try Data(contents.utf8).write(to: temporary)
        } catch {
            throw .io(path: path, reason: "cannot write the file (\(error.localizedDescription))")
        }
        defer { unlink(temporary.path) }
        if link(temporary.path, url.path) != 0 {
            let code = errno
            if code == EEXIST { throw .fileExists(path: path) }
            throw .io(path: path, reason: "cannot write the file (\(String(cString: strerror(code))))")
        }
    }
}
