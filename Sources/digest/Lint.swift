import ArgumentParser
import DigestArchive
import DigestCore
import DigestLint
import Foundation

extension DigestCommand {
    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lint",
            abstract: "Check issues against the issue format and the house style.",
            discussion: """
                Prints each problem as path:line:column: severity: message [rule] with the line and a \
                caret under the spot. Exits 0 when nothing reaches error severity, 1 when something \
                does (or any warning with --strict), 2 on a usage, settings or I/O error.
                """
        )

        enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
            case text, json, github, sarif
        }

        @Argument(help: "Issue files or folders to check (default: the drafts folder).")
        var paths: [String] = []

        @Option(help: "How to print findings: text, json, github (workflow annotations) or sarif (2.1.0).")
        var format: OutputFormat = .text

        @Flag(help: "Apply every certain fix, then report what is left.")
        var fix = false

        @Flag(help: "With --fix: print the changes as a diff instead of writing them.")
        var dryRun = false

        @Flag(help: "Fail (exit 1) on warnings too.")
        var strict = false

        @Flag(help: "Check the versions of .issue files staged in git (what a pre-commit hook needs).")
        var staged = false

        @Flag(help: "List every rule with its summary, default severity and examples, and exit.")
        var listRules = false

        func validate() throws {
            if dryRun && !fix { throw ValidationError("--dry-run goes with --fix") }
            if staged && !paths.isEmpty { throw ValidationError("--staged checks the staged issues; give no paths with it") }
        }

        func run() throws {
            if listRules {
                print(RuleList.text(), terminator: "")
                return
            }
            let repository = try Repository.forCommand()
            let archive = IssueCorpus.load(from: repository)
            let inputs = try staged ? StagedFiles.read(in: repository) : files(in: repository, corpus: archive)
            // Files linted together are compared with each other, not only with the archive.
            let corpus = archive.including(inputs.map { ($0.filePath, $0.path, $0.bytes) }, parser: repository.settings.parser)
            let linter = Linter(settings: repository.settings, corpus: corpus)
            // The process ends after the report: the archive the linter holds is left to it.
            defer { ProcessLifetime.keep(linter) }
            let settingsProblems = linter.settingsProblems(path: displayPath(of: repository.root.appendingPathComponent(SettingsFile.name)))
            guard settingsProblems.isEmpty else {
                throw CommandFailure(message: settingsProblems.map(\.formatted).joined(separator: "\n"), code: 2, isDiagnostic: true)
            }
            var report = LintReport()
            var changedFiles = 0
            guard fix else {
                report.files = inputs.parallelMap { linter.lint(bytes: $0.bytes, path: $0.path, filePath: $0.filePath) }
                // Like the linter, the findings and lines of every file are left to the process at exit.
                defer { ProcessLifetime.keep(report) }
                try finish(report, summary: report.summary)
                return
            }
            for input in inputs {
                let result = linter.fix(bytes: input.bytes, path: input.path, filePath: input.filePath)
                report.files.append(result.report)
                let original = String(decoding: input.bytes, as: UTF8.self)
                guard result.applied > 0, result.text != original else { continue }
                changedFiles += 1
                if dryRun {
                    print(UnifiedDiff.diff(original, result.text, path: input.path), terminator: "")
                } else {
                    do {
                        try AtomicFile.write(result.text, to: URL(fileURLWithPath: input.filePath))
                    } catch {
                        throw CommandFailure.usage("\(input.path): cannot write the fixed file (\(error.localizedDescription))")
                    }
                }
            }
            let files = "\(changedFiles) file\(changedFiles == 1 ? "" : "s")"
            try finish(report, summary: report.summary + (dryRun ? "; \(files) would change" : "; fixed \(files)"))
        }

        /// Prints the findings (not with --fix --dry-run, which printed the diff) and the
        /// summary, and fails when the findings call for it.
        func finish(_ report: LintReport, summary: String) throws {
            if !(fix && dryRun) {
                print(render(report), terminator: "")
            }
            FileHandle.standardError.write(Data("\(summary)\n".utf8))
            if report.fails(strict: strict) { throw CommandFailure.findings }
        }

        func render(_ report: LintReport) -> String {
            switch format {
            case .text: TextFormatter(colored: Terminal.wantsColor()).format(report)
            case .json: JSONFormatter.format(report)
            case .github: GitHubFormatter.format(report)
            case .sarif:
                SARIFFormatter.format(report, rules: RuleRegistry.all.map { type(of: $0).description }, version: DigestCommand.version)
            }
        }

        /// The files named, or the drafts folder. A file the corpus has just read is not read again.
        func files(in repository: Repository, corpus: IssueCorpus) throws -> [LintInput] {
            let urls = paths.isEmpty ? [repository.draftsFolder] : paths.map { URL(fileURLWithPath: $0) }
            let files: [URL]
            do {
                files = try IssueCatalog.files(named: urls)
            } catch {
                throw CommandFailure.usage(error.description)
            }
            let displayPaths = DisplayPaths()
            return try files.map { url in
                let filePath = url.standardizedFileURL.path
                let path = displayPaths.path(ofStandardized: filePath)
                if let bytes = corpus.bytes(ofFileAt: filePath) {
                    return LintInput(path: path, filePath: filePath, bytes: bytes)
                }
                guard let data = FileManager.default.contents(atPath: url.path) else {
                    throw CommandFailure.usage("\(path): cannot read the file")
                }
                return LintInput(path: path, filePath: filePath, bytes: Array(data))
            }
        }
    }
}

/// A file to lint: its name for the editor, its absolute path, and its bytes.
struct LintInput: Sendable {
    var path: String
    var filePath: String
    var bytes: [UInt8]
}
