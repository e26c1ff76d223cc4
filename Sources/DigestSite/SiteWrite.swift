import Foundation

/// One build's writing: which files are made, kept or removed, and the manifest they leave.
struct SiteWrite {
    let output: URL
    let previous: SiteManifest
    /// The manifest this build leaves.
    var manifest = SiteManifest()
    /// The files written, relative to the site's root.
    var written: [String] = []
    /// How many files were already as they should be.
    var unchanged = 0

    init(output: URL, previous: SiteManifest) {
        self.output = output
        self.previous = previous
    }

    func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: output.appendingPathComponent(path).path)
    }

    /// Whether the file at `path` was made by the last build from inputs with this fingerprint.
    func isCurrent(_ path: String, key: String) -> Bool {
        previous.files[path] == key && exists(path)
    }

    /// Keeps the file at `path` as it is.
    mutating func keep(_ path: String, key: String) {
        manifest.files[path] = key
        unchanged += 1
    }

    /// Records a file made by someone else (the PDF engine).
    mutating func wrote(_ path: String, key: String) {
        manifest.files[path] = key
        written.append(path)
    }

    /// Writes `path` unless it is current. With a `key`, `make` runs only when the key
    /// changed; without one (the index, feed and sitemap, which depend on every issue),
    /// `make` always runs and the file is written only when its bytes differ.
    mutating func file(_ path: String, key: String?, make: () throws(SiteError) -> Data) throws(SiteError) {
        if let key, isCurrent(path, key: key) {
            keep(path, key: key)
            return
        }
        let data = try make()
        let contentKey = key ?? SiteGenerator.key(Fingerprint.of(data))
        if key == nil, isCurrent(path, key: contentKey) {
            keep(path, key: contentKey)
            return
        }
        try Self.replace(output.appendingPathComponent(path), with: data)
        manifest.files[path] = contentKey
        written.append(path)
    }

    /// Writes `data` to a temporary file beside `url` and renames it into place, so a reader
    /// of the site (a web server) sees the old file or the new one, never half. Not flushed
    /// to the disk (Foundation's atomic write flushes every file): the site is made again
    /// from the archive at will, and the manifest is written last, so after a crash the next
    /// build finds the fingerprints unrecorded and writes the files again.
    static func replace(_ url: URL, with data: Data) throws(SiteError) {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).partial")
        if mkdir(folder.path, 0o777) != 0 && errno != EEXIST {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw .io(path: folder.path, reason: "cannot create the folder (\(error.localizedDescription))")
            }
        }
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw .io(path: url.path, reason: "cannot write the file (\(String(cString: strerror(errno))))") }
        let written = data.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let count = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += count
            }
            return true
        }
        var failure = written ? nil : String(cString: strerror(errno))
        close(descriptor)
        if failure == nil, rename(temporary.path, url.path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary.path)
            throw .io(path: url.path, reason: "cannot write the file (\(failure))")
        }
    }

    /// Removes the files the last build made that this one did not (an issue taken out of
    /// the archive, a PDF no engine could remake); files it never made are left alone.
    mutating func removeStale() -> [String] {
        var removed: [String] = []
        for path in previous.files.keys.sorted() where manifest.files[path] == nil {
            if (try? FileManager.default.removeItem(at: output.appendingPathComponent(path))) != nil { removed.append(path) }
        }
        return removed
    }
}
