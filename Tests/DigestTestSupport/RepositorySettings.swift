import DigestCore
import Foundation

extension Settings {
    /// The text of the repository's `digest.yaml`, for tests that change a line of it.
    public static let thisRepositoryYAML: String = {
        let url = projectRoot.appendingPathComponent("digest.yaml")
        do {
            return try String(contentsOf: url, encoding: .utf8)
        } catch {
            fatalError("the tests read their settings from \(url.path), which cannot be read: \(error)")
        }
    }()

    /// The repository's `digest.yaml`, read the way `digest` reads it: the publication the
    /// tests are written for. The tool itself carries no copy; it reads the file.
    public static let thisRepository: Settings = {
        do {
            return try SettingsFile.parse(thisRepositoryYAML, path: "digest.yaml")
        } catch {
            fatalError("the repository's digest.yaml does not load: \(error)")
        }
    }()
}
