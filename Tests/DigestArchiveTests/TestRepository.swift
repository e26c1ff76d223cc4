import DigestArchive
import DigestCore
import DigestTestSupport
import Foundation

/// A throwaway copy of a newsletter repository: `digest.yaml`, the archive and an empty
/// `Drafts/`, in a temporary folder removed when the value is no longer used.
final class TestRepository {
    let root: URL

    /// A copy of this project's settings and archive (or of `archive`, when given).
    init(archive: [String: String]? = nil) throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("digest-test-\(UUID().uuidString)", isDirectory: true)
        let manager = FileManager.default
        try manager.createDirectory(at: root.appendingPathComponent("Drafts"), withIntermediateDirectories: true)
        try manager.copyItem(at: projectRoot.appendingPathComponent("digest.yaml"), to: root.appendingPathComponent("digest.yaml"))
        let archiveFolder = root.appendingPathComponent("seeds/archive")
        if let archive {
            try manager.createDirectory(at: archiveFolder, withIntermediateDirectories: true)
            for (name, text) in archive {
                try Data(text.utf8).write(to: archiveFolder.appendingPathComponent(name))
            }
        } else {
            try manager.createDirectory(at: root.appendingPathComponent("seeds"), withIntermediateDirectories: true)
            try manager.copyItem(at: projectRoot.appendingPathComponent("seeds/archive"), to: archiveFolder)
        }
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    func repository() throws -> Repository {
        try Repository.locate(from: root)
    }

    func write(_ text: String, to relativePath: String) throws {
        let url = root.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func read(_ relativePath: String) throws -> String {
        try String(decoding: Data(contentsOf: root.appendingPathComponent(relativePath)), as: UTF8.self)
    }
}

/// A minimal well-formed issue with this title and date.
func minimalIssue(volume: Int, number: Int, date: String) -> String {
    """
    US-Japan Alliance Digest Vol \(volume).\(number)
    Date: \(date)

    Headlines
    - Something happened

    Details
    - Something happened, and this is the story.

    Footer
    \(Settings.thisRepository.publication.footer)

    """
}

func date(_ iso: String) -> IssueDate {
    IssueDate(iso: iso)!
}
