import ArgumentParser
import DigestArchive
import DigestCore
import Foundation

extension DigestCommand {
    struct Format: ParsableCommand {
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

        func run() throws {
            let repository = try Repository.forCommand()
            let folders = paths.isEmpty ? [repository.draftsFolder] : paths.map { URL(fileURLWithPath: $0) }
            let failed: Bool
            do {
                failed = try FormatPass.run(folders, parser: repository.settings.parser, checkOnly: check) { print($0) }
            } catch {
                throw CommandFailure.usage(error.description)
            }
            if failed { throw CommandFailure.findings }
        }
    }
}
