import ArgumentParser
import DigestArchive
import DigestCore
import Foundation

extension DigestCommand {
    struct Format: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "format",
            abstract: "Rewrite issues in the canonical form of the issue format.",
            discussion: """
                LF line endings, no tabs, byte-order mark or trailing spaces, fields in order, one \
                blank line before each section. An issue with format errors is left untouched.
                """
        )

        @Flag(help: "Change nothing; list the files that are not in canonical form and exit 1 if there are any.")
        var check = false

        @Argument(help: "Issue files or folders (default: the drafts folder).")
        var paths: [String] = []

        func run() async throws {
            let repository = try Repository.forCommand()
            let folders = paths.isEmpty ? [repository.draftsFolder] : paths.map { URL(fileURLWithPath: $0) }
            let files: [URL]
            do {
                files = try IssueCatalog.files(named: folders)
            } catch {
                throw CommandFailure.usage(error.description)
            }
            var failed = false
            for url in files {
                let path = displayPath(of: url)
                guard let data = FileManager.default.contents(atPath: url.path) else {
                    throw CommandFailure.usage("\(path): cannot read the file")
                }
                let result = repository.settings.parser.parse(bytes: Array(data), path: path)
                guard result.isWellFormed else {
                    for diagnostic in result.diagnostics where diagnostic.severity == .error {
                        print(diagnostic.formatted)
                    }
                    failed = true
                    continue
                }
                let canonical = IssuePrinter.print(result.issue)
                guard Array(canonical.utf8) != Array(data) else { continue }
                if check {
                    print("\(path): not in canonical form; run `digest format \(path)`")
                    failed = true
                } else {
                    do {
                        try AtomicFile.write(canonical, to: url)
                    } catch {
                        throw CommandFailure.usage("\(path): cannot write the file (\(error.localizedDescription))")
                    }
                    print("formatted \(path)")
                }
            }
            if failed { throw CommandFailure.findings }
        }
    }
}
