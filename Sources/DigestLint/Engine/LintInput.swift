import DigestArchive
import DigestCore
import Foundation

/// A file to lint: its name for the editor, its absolute path, and its bytes.
public struct LintInput: Sendable, Equatable {
    public var path: String
    public var filePath: String
    public var bytes: [UInt8]

    public init(path: String, filePath: String, bytes: [UInt8]) {
        self.path = path
        self.filePath = filePath
        self.bytes = bytes
    }

    /// The issue files in `paths` (files, or folders searched for `.issue` files). A file
    /// the corpus has read already is not read again.
    public static func files(named paths: [URL], corpus: IssueCorpus) throws(ArchiveError) -> [LintInput] {
        let files = try IssueCatalog.files(named: paths)
        let displayPaths = DisplayPaths()
        var inputs: [LintInput] = []
        inputs.reserveCapacity(files.count)
        for url in files {
            let filePath = url.standardizedFileURL.path
            let path = displayPaths.path(ofStandardized: filePath)
            if let bytes = corpus.bytes(ofFileAt: filePath) {
                inputs.append(LintInput(path: path, filePath: filePath, bytes: bytes))
                continue
            }
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw .io(path: path, reason: "cannot read the file")
            }
            inputs.append(LintInput(path: path, filePath: filePath, bytes: Array(data)))
        }
        return inputs
    }

    /// The `.issue` files staged in git in the repository at `root`, as the index holds them.
    public static func staged(root: URL) throws(GitFailure) -> [LintInput] {
        try StagedIssues.read(root: root).map { LintInput(path: $0.path, filePath: $0.filePath, bytes: $0.bytes) }
    }
}
