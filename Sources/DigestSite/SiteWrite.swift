import Foundation

/// One build's writing: which files are made, kept or removed, and the manifest they leave.
struct SiteWrite {
    let output: URL
    /// The output folder's path, which every file's path is made from.
    let outputPath: String
    let previous: SiteManifest
    /// What the output folder held before this build wrote to it.
    let listing: FolderListing
    /// The manifest this build leaves.
    var manifest = SiteManifest()
    /// The files written, relative to the site's root.
    var written: [String] = []
    /// How many files were already as they should be.
    var unchanged = 0

    init(output: URL, previous: SiteManifest) {
        self.output = output
        outputPath = output.path
        self.previous = previous
        listing = FolderListing(root: outputPath)
    }

    /// Whether the file at `path` was there before this build; asked only before it writes `path`.
    func exists(_ path: String) -> Bool {
        listing.contains(path)
    }

    /// The file at `path` relative to the site's root.
    func fullPath(_ path: String) -> String {
        outputPath + "/" + path
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
        let contentKey = key ?? SiteGenerator.key(String(Fingerprint.of(data)))
        if key == nil, isCurrent(path, key: contentKey) {
            keep(path, key: contentKey)
            return
        }
        try Self.replace(fullPath(path), with: data)
        manifest.files[path] = contentKey
        written.append(path)
    }

    /// Keeps `path`, a file made from every issue (the index, feed and sitemap), when the last
    /// build made it from the same `inputs` (the fingerprint of the templates, the settings
    /// and every issue's text), so it is not rendered again.
    mutating func keepList(_ path: String, inputs: String) -> Bool {
        guard let last = previous.files[path], last.count == 2 * inputs.count, last.hasPrefix(inputs), exists(path) else {
            return false
        }
        keep(path, key: last)
        return true
    }

    /// Writes `path`, a file made from every issue, unless its bytes are the ones already
    /// there; keeps the fingerprints of its inputs and of its bytes, one after the other.
    mutating func list(_ path: String, inputs: String, data: Data) throws(SiteError) {
        let content = Fingerprint.hex(of: data)
        let key = inputs + content
        if let last = previous.files[path], last.count == key.count, last.hasSuffix(content), exists(path) {
            keep(path, key: key)
            return
        }
        try Self.replace(fullPath(path), with: data)
        manifest.files[path] = key
        written.append(path)
    }

    /// Writes `data` to a temporary file beside `url` and renames it into place, so a reader
    /// of the site (a web server) sees the old file or the new one, never half. Not flushed
    /// to the disk (Foundation's atomic write flushes every file): the site is made again
    /// from the archive at will, and the manifest is written last, so after a crash the next
    /// build finds the fingerprints unrecorded and writes the files again.
    /// Paths are strings: a file URL's `appendingPathComponent` asks the disk whether each
    /// new path is a folder.
    static func replace(_ path: String, with data: Data) throws(SiteError) {
        let slash = path.lastIndex(of: "/") ?? path.startIndex
        let folder = slash == path.startIndex ? "/" : String(path[..<slash])
        let name = path[path.index(after: slash)...]
        let temporary = (folder == "/" ? "" : folder) + "/.\(name).partial"
        if mkdir(folder, 0o777) != 0 && errno != EEXIST {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw .io(path: folder, reason: "cannot create the folder (\(error.localizedDescription))")
            }
        }
        // A file already at the temporary name (a killed build's, or a symlink someone put
        // there) is removed, not opened: writing through a symlink would change a file
        // outside the site. O_EXCL and O_NOFOLLOW refuse one that appears in between.
        unlink(temporary)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw .io(path: path, reason: "cannot write the file (\(String(cString: strerror(errno))))") }
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
        if failure == nil, rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw .io(path: path, reason: "cannot write the file (\(failure))")
        }
    }

    /// Removes the files the last build made that this one did not (an issue taken out of
    /// the archive, a PDF no engine could remake); files it never made are left alone.
    mutating func removeStale() -> [String] {
        var removed: [String] = []
        for path in previous.files.keys.sorted() where manifest.files[path] == nil {
            if (try? FileManager.default.removeItem(atPath: fullPath(path))) != nil { removed.append(path) }
        }
        return removed
    }
}
