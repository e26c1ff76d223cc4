import DigestCore
import Foundation

/// An issue in the archive or the drafts, with the number and date its file gives.
public struct ArchivedIssue: Sendable, Equatable {
    public var path: String
    public var url: URL
    public var volume: Int
    public var number: Int
    public var date: IssueDate
    /// Whether it is a draft rather than a published issue.
    public var isDraft: Bool

    public init(path: String, url: URL, volume: Int, number: Int, date: IssueDate, isDraft: Bool) {
        self.path = path
        self.url = url
        self.volume = volume
        self.number = number
        self.date = date
        self.isDraft = isDraft
    }

    /// Orders issues by volume, then number.
    public static func precedes(_ a: ArchivedIssue, _ b: ArchivedIssue) -> Bool {
        (a.volume, a.number, a.date) < (b.volume, b.number, b.date)
    }
}

/// The issue files of a repository: the archive of published issues and the drafts.
public struct IssueCatalog: Sendable {
    /// The file extension of issue files.
    public static let fileExtension = "issue"

    public let repository: Repository

    public init(repository: Repository) {
        self.repository = repository
    }

    /// Every issue file in the archive and the drafts, in order of volume and number.
    ///
    /// Throws when a file cannot be read or its title or date cannot be read, since an
    /// issue of unknown number could make the next number wrong.
    public func issues() throws(ArchiveError) -> [ArchivedIssue] {
        var issues: [ArchivedIssue] = []
        var problems: [Diagnostic] = []
        for (folder, isDraft) in [(repository.archiveFolder, false), (repository.draftsFolder, true)] {
            for url in try Self.issueFiles(in: folder) {
                let path = displayPath(of: url)
                let bytes: [UInt8]
                do {
                    bytes = Array(try Data(contentsOf: url))
                } catch {
                    throw .io(path: path, reason: "cannot read the file (\(error.localizedDescription))")
                }
                let result = repository.settings.parser.parse(bytes: bytes, path: path)
                guard let title = result.issue.title, let date = result.issue.date else {
                    problems += result.diagnostics.filter {
                        $0.rule == "format.title" || $0.rule == "format.date" || $0.rule == "format.encoding"
                    }
                    if problems.isEmpty || problems.last?.path != path {
                        problems.append(
                            Diagnostic(
                                path: path, range: SourceRange(start: SourcePosition(line: 1, column: 1), length: 1),
                                severity: .error, rule: "format.title", message: "cannot read this issue's number and date"))
                    }
                    continue
                }
                issues.append(
                    ArchivedIssue(
                        path: path, url: url, volume: title.volume, number: title.number, date: date, isDraft: isDraft))
            }
        }
        if !problems.isEmpty { throw .unnumbered(problems) }
        return issues.sorted(by: ArchivedIssue.precedes)
    }

    /// The `.issue` files under `folder`, sorted by path; none when the folder does not exist.
    public static func issueFiles(in folder: URL) throws(ArchiveError) -> [URL] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) else { return [] }
        guard isFolder.boolValue else {
            throw .io(path: displayPath(of: folder), reason: "is a file, but the settings name it as a folder")
        }
        let root = folder.standardizedFileURL.path
        guard let paths = issuePaths(in: root) else {
            throw .io(path: displayPath(of: folder), reason: "cannot list the folder")
        }
        return paths.sorted().map { URL(fileURLWithPath: $0, isDirectory: false) }
    }

    /// The paths of the `.issue` files under the folder at `path`, subfolders included but
    /// not folders a link points to, read with `readdir`: the kind of each entry comes with
    /// its name, so a thousand issue files cost one directory read rather than a URL and a
    /// `stat` each. A link named `.issue` counts when it leads to something other than a
    /// folder. `nil` when the folder cannot be read; a subfolder that cannot be is passed over.
    static func issuePaths(in path: String) -> [String]? {
        guard let folder = opendir(path) else { return nil }
        defer { closedir(folder) }
        let prefix = path.hasSuffix("/") ? path : path + "/"
        var paths: [String] = []
        let suffix = "." + fileExtension
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { buffer in
                String(cString: buffer.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name == "." || name == ".." { continue }
            let child = prefix + name
            var kind = Int(entry.pointee.d_type)
            if kind == Int(DT_UNKNOWN) {
                // Some file systems leave the kind out: asked of the entry itself, a link not followed.
                var status = stat()
                guard lstat(child, &status) == 0 else { continue }
                let mode = status.st_mode & S_IFMT
                kind = mode == S_IFDIR ? Int(DT_DIR) : mode == S_IFLNK ? Int(DT_LNK) : Int(DT_REG)
            }
            if kind == Int(DT_DIR) {
                paths += issuePaths(in: child) ?? []
            } else if name.hasSuffix(suffix), name.utf8.count > suffix.utf8.count {
                if kind == Int(DT_LNK) {
                    var status = stat()
                    guard stat(child, &status) == 0, status.st_mode & S_IFMT != S_IFDIR else { continue }
                }
                paths.append(child)
            }
        }
        return paths
    }

    /// The files a command was given: each file as it is, the `.issue` files inside each
    /// folder, each once. A path that does not exist is an error naming it.
    public static func files(named paths: [URL]) throws(ArchiveError) -> [URL] {
        var files: [URL] = []
        for url in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
                throw .io(path: displayPath(of: url), reason: "no such file or folder")
            }
            files += isFolder.boolValue ? try issueFiles(in: url) : [url.standardizedFileURL]
        }
        var seen = Set<String>()
        return files.filter { seen.insert($0.path).inserted }
    }

    /// The file name for an issue: `2023-04-06-vol-2.6.issue`, which sorts by date.
    public static func fileName(volume: Int, number: Int, date: IssueDate) -> String {
        "\(SiteLayout(volume: volume, number: number, date: date).stem).\(fileExtension)"
    }
}
