import DigestCore
import Foundation

/// `digest format` over files and folders: each issue rewritten in its canonical form, or
/// with `checkOnly` only named; an issue with format errors is left untouched.
public enum FormatPass {
    /// Formats the issue files in `paths` (files, or folders searched for `.issue` files) in
    /// order, giving `line` what to print for each as it goes, and says whether any failed:
    /// format errors, or with `checkOnly` a file not in canonical form.
    public static func run(
        _ paths: [URL], parser: IssueParser, checkOnly: Bool, line: (String) -> Void
    ) throws(ArchiveError) -> Bool {
        var failed = false
        for url in try IssueCatalog.files(named: paths) {
            let path = displayPath(of: url)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw .io(path: path, reason: "cannot read the file")
            }
            let result = parser.parse(bytes: Array(data), path: path)
            guard result.isWellFormed else {
                for diagnostic in result.diagnostics where diagnostic.severity == .error {
                    line(diagnostic.formatted)
                }
                failed = true
                continue
            }
            let canonical = IssuePrinter.print(result.issue)
            guard Array(canonical.utf8) != Array(data) else { continue }
            if checkOnly {
                line("\(path): not in canonical form; run `digest format \(path)`")
                failed = true
            } else {
                do {
                    try AtomicFile.write(canonical, to: url)
                } catch {
                    throw .io(path: path, reason: "cannot write the file (\(error.localizedDescription))")
                }
                line("formatted \(path)")
            }
        }
        return failed
    }
}
