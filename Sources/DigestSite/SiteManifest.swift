import Foundation

/// What the last build wrote: each file of the site with the fingerprint of what it was made
/// from. Kept in the output folder, so a build compares against the site as it is there, and
/// a file whose fingerprint has not changed is not made again.
struct SiteManifest: Codable, Sendable {
    /// The manifest's name in the output folder.
    static let fileName = ".digest-site.json"
    /// Changes when what a fingerprint covers changes, so an older manifest rebuilds everything.
    static let currentVersion = 2

    var version = currentVersion
    /// A file's path relative to the site's root, and its fingerprint in hexadecimal.
    var files: [String: String] = [:]
    /// What the site shows of each issue, by the fingerprint of its text and of what every
    /// page shows (the templates and settings): an unchanged issue is not parsed again.
    var issues: [String: IssueSummary] = [:]

    /// The manifest in `folder`; an empty one when there is none, it cannot be read or it is
    /// from another version, which makes the build write every file.
    static func load(from folder: URL) -> SiteManifest {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(fileName).path),
            let manifest = try? JSONDecoder().decode(SiteManifest.self, from: data), manifest.version == currentVersion
        else { return SiteManifest() }
        return manifest
    }

    func save(to folder: URL) throws(SiteError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let url = folder.appendingPathComponent(Self.fileName)
        do {
            try encoder.encode(self).write(to: url, options: .atomic)
        } catch {
            throw .io(path: url.path, reason: "cannot write the build manifest (\(error.localizedDescription))")
        }
    }
}
