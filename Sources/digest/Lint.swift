import ArgumentParser
import DigestArchive
import DigestCore
import DigestLint
import Foundation

extension DigestCommand {
    struct Lint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check issues and report each problem as path:line:column: severity: message [rule].",
            discussion: "Exits 0 when there are no errors, 1 when there are, 2 on a usage or I/O error."
        )

        @Argument(help: "Issue files or folders to check (default: the drafts folder).")
        var paths: [String] = []

        func run() async throws {
            let repository = try Repository.forCommand()
            let urls = paths.isEmpty ? [repository.draftsFolder] : paths.map { URL(fileURLWithPath: $0) }
            let report: LintReport
            do {
                report = try Linter(settings: repository.settings, corpus: IssueCorpus.load(from: repository)).lint(paths: urls)
            } catch {
                throw CommandFailure.usage(error.description)
            }
            for diagnostic in report.diagnostics {
                print(diagnostic.formatted)
            }
            FileHandle.standardError.write(Data("\(report.summary)\n".utf8))
            if report.diagnostics.containsErrors { throw CommandFailure.findings }
        }
    }
}
