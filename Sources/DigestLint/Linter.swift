import DigestArchive
import DigestCore
import Foundation

/// Checks issue files and reports what is wrong with them.
///
/// Today the linter reports the issue format's own diagnostics (see ``IssueParser``); the
/// house-style rules build on the same parsed issue.
public struct Linter: Sendable {
    public let settings: Settings

    public init(settings: Settings) {
        self.settings = settings
    }

    /// The findings for one file's bytes.
    public func lint(bytes: [UInt8], path: String) -> [Diagnostic] {
        settings.parser.parse(bytes: bytes, path: path).diagnostics.sortedAndDeduplicated()
    }

    /// The findings for every issue file named: files as they are, folders searched for
    /// `.issue` files.
    public func lint(paths: [URL]) throws(LintError) -> LintReport {
        var report = LintReport()
        for url in try Self.expand(paths) {
            let path = displayPath(of: url)
            let bytes: [UInt8]
            do {
                bytes = Array(try Data(contentsOf: url))
            } catch {
                throw .unreadable(path: path, reason: error.localizedDescription)
            }
            report.filesChecked += 1
            report.diagnostics += lint(bytes: bytes, path: path)
        }
        report.diagnostics = report.diagnostics.sortedAndDeduplicated()
        return report
    }

    /// The files to check: each file named, and the `.issue` files inside each folder named.
    static func expand(_ paths: [URL]) throws(LintError) -> [URL] {
        var files: [URL] = []
        for url in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
                throw .unreadable(path: displayPath(of: url), reason: "no such file or folder")
            }
            if isFolder.boolValue {
                do {
                    files += try IssueCatalog.issueFiles(in: url)
                } catch {
                    throw .unreadable(path: displayPath(of: url), reason: error.description)
                }
            } else {
                files.append(url.standardizedFileURL)
            }
        }
        var seen = Set<String>()
        return files.filter { seen.insert($0.path).inserted }
    }
}

/// What a lint run found.
public struct LintReport: Sendable {
    public var diagnostics: [Diagnostic] = []
    public var filesChecked = 0

    public init() {}

    public func count(_ severity: Severity) -> Int {
        diagnostics.filter { $0.severity == severity }.count
    }

    /// `2 errors and 1 warning in 3 files`.
    public var summary: String {
        func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
        let errors = count(.error)
        let warnings = count(.warning)
        let files = plural(filesChecked, "file")
        if errors == 0 && warnings == 0 { return "no problems in \(files)" }
        return "\(plural(errors, "error")) and \(plural(warnings, "warning")) in \(files)"
    }
}

/// A lint run that could not check what it was asked to.
public enum LintError: Error, Sendable, CustomStringConvertible {
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "\(path): \(reason)"
        }
    }
}
