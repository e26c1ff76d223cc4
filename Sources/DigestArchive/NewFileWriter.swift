import DigestCore
import Foundation

/// Writes new files whole or not at all, and never over an existing file.
public enum NewFileWriter {
    /// Writes `contents` to `url`, creating the folders above it.
    ///
    /// DigestCore's `AtomicFile.create(_:at:newFile:)` writes a temporary file in the same folder and
    /// links it into place, which fails if the name is taken: a crash leaves either no
    /// file or the whole file, and two writers racing for one name cannot both win.
    public static func write(_ contents: String, to url: URL) throws(ArchiveError) {
        do {
            try AtomicFile.create(contents, at: url)
        } catch {
            if error.exists { throw .fileExists(path: displayPath(of: url)) }
            throw .io(path: displayPath(of: url), reason: error.reason ?? "")
        }
    }
}
