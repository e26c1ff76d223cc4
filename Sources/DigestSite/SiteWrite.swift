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
        let contentKey = key ?? SiteBuilder.key(Fingerprint.of(data))
        if key == nil, isCurrent(path, key: contentKey) {
            keep(path, key: contentKey)
            return
        }
        let url = output.appendingPathComponent(path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            // Replaced whole by a rename, but not flushed to the disk: the site is made again
            // from the archive at will, and a thousand flushes would cost more than the build.
            try data.write(to: url, options: .atomic)
        } catch {
            throw .io(path: url.path, reason: "cannot write the file (\(error.localizedDescription))")
        }
        manifest.files[path] = contentKey
        written.append(path)
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
