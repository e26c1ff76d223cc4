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

        /// What was given, as plain values.
        var options: Options {
            Options(paths: paths, format: format, fix: fix, dryRun: dryRun, strict: strict, staged: staged, listRules: listRules)
        }

        func validate() throws {
            if let problem = options.problem { throw ValidationError(problem) }
        }

        func run() throws {
            try options.run()
        }
    }
}

extension DigestCommand.Lint.Options {
    /// Checks the files, prints the findings and fails as the exit code should say.
    func run() throws {
        if listRules {
            print(RuleList.text(), terminator: "")
            return
        }
        let repository = try Repository.forCommand(settingsCache: LintCaches.settingsCache(for:))
        let archive = IssueCorpus.load(from: repository)
        let inputs: [LintInput]
        do {
            inputs =
                try staged
                ? LintInput.staged(root: repository.root)
                : LintInput.files(
                    named: paths.isEmpty ? [repository.draftsFolder] : paths.map { URL(fileURLWithPath: $0) }, corpus: archive)
        } catch {
            throw CommandFailure.usage("\(error)")
        }
        // Files linted together are compared with each other, not only with the archive.
        let corpus = archive.including(inputs.map { ($0.filePath, $0.path, $0.bytes) }, parser: repository.settings.parser)
        let linter = Linter(settings: repository.settings, corpus: corpus)
        // The process ends after the report: the archive the linter holds is left to it.
        defer { ProcessLifetime.keep(linter) }
        let settingsProblems = linter.settingsProblems(path: displayPath(of: repository.root.appendingPathComponent(SettingsFile.name)))
        guard settingsProblems.isEmpty else {
            throw CommandFailure(message: settingsProblems.map(\.formatted).joined(separator: "\n"), code: 2, isDiagnostic: true)
        }
        guard fix else {
            var report = LintReport()
            report.files = inputs.parallelMap { linter.lint(bytes: $0.bytes, path: $0.path, filePath: $0.filePath) }
            // Like the linter, the findings and lines of every file are left to the process at exit.
            defer { ProcessLifetime.keep(report) }
            try finish(report, summary: report.summary)
            return
        }
        let pass = FixPass(inputs, linter: linter)
        for change in pass.changes {
            if dryRun {
                print(UnifiedDiff.diff(change.original, change.fixed, path: change.input.path), terminator: "")
            } else {
                do {
                    try AtomicFile.write(change.fixed, to: URL(fileURLWithPath: change.input.filePath))
                } catch {
                    throw CommandFailure.usage("\(change.input.path): cannot write the fixed file (\(error.localizedDescription))")
                }
            }
        }
        try finish(pass.report, summary: pass.summary(dryRun: dryRun))
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
}
