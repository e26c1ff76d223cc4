import DigestArchive
import DigestCore
import Foundation

/// Checks issue files against the issue format and the house style.
///
/// For each file: parse it (the format's own diagnostics), run every rule that the
/// settings leave on at the severity they give, apply the file's `# digest-lint:`
/// directives, and report what is left, sorted and without repeats.
public struct Linter: Sendable {
    public let settings: Settings
    public let corpus: IssueCorpus
    public let rules: [any Rule]
    public let wordList: WordList
    /// Where rules look at the files an issue refers to: the disk, or an example's files.
    public var files: LintFiles = .disk
    /// The other issues' words, indexed once per run.
    let index: CorpusIndex
    /// Word memos for the files being linted at the same time, one each.
    let memos = WordMemo.Pool()

    public init(settings: Settings, corpus: IssueCorpus = IssueCorpus(), rules: [any Rule] = RuleRegistry.all, wordList: WordList = .system)
    {
        self.settings = settings
        self.corpus = corpus
        self.rules = rules
        self.wordList = wordList
        index = CorpusIndex(corpus, wordList: wordList)
    }

    /// The severity a rule reports at under the settings, or `nil` when they switch it off.
    public func severity(of rule: RuleDescription) -> Severity? {
        if let setting = settings.lint.setting(for: rule.identifier) { return setting.severity }
        return rule.severity
    }

    /// Problems with the settings' `lint` section: rules that do not exist, and
    /// substitutions whose pattern is not a regular expression.
    public func settingsProblems(path: String) -> [Diagnostic] {
        let known = Set(RuleRegistry.all.map(\.identifier))
        let table = SubstitutionRule.table(for: settings.lint.substitutions)
        let badPatterns = settings.lint.substitutions.filter { substitution in
            !table.entries.contains { $0.0 == substitution }
        }.map { substitution in
            Diagnostic(
                path: path, range: substitution.location.range, severity: .error, rule: "settings",
                message: "\"lint.substitutions\" has a find pattern that is not a regular expression: \(substitution.find)")
        }
        return badPatterns
            + settings.lint.rules.filter { !known.contains($0.rule) }.map { setting in
                // The distance takes time as the product of the lengths; no rule's name is long.
                let suggestion =
                    setting.rule.utf8.count > WorkLimits.longestWord
                    ? nil : known.min { editDistance($0, setting.rule) < editDistance($1, setting.rule) }
                return Diagnostic(
                    path: path, range: setting.location.range, severity: .error, rule: "settings",
                    message: "\"lint.rules\" names the unknown rule \(WorkLimits.quoted(setting.rule))"
                        + (suggestion.map { "; did you mean \"\($0)\"?" } ?? "") + " (`digest lint --list-rules` lists them)")
            }
    }

    /// Lints one file's bytes. `filePath`, the file's absolute path, tells which corpus entry
    /// it is, so that it is not compared with itself.
    public func lint(bytes: [UInt8], path: String, filePath: String? = nil) -> FileReport {
        let memo = memos.take()
        defer { memos.giveBack(memo) }
        let filePath = filePath ?? path
        let own = corpus.entry(at: filePath)
        let source: SourceText
        let context: LintContext
        var diagnostics: [Diagnostic]
        let lexicon = Lexicon(
            wordList: wordList, houseWords: settings.lint.words, archiveCounts: index.wordCounts, ownWords: own?.words ?? [],
            frequentWords: index.frequentWords)
        if let own, let parsed = own.parsed, let ownSource = own.source, own.path == path, own.bytes == bytes {
            // The corpus read this very file a moment ago; use what it found.
            source = ownSource
            diagnostics = parsed.diagnostics
            context = LintContext(
                path: path, filePath: filePath, issue: parsed.issue, headlines: own.headlines, details: own.details,
                settings: settings, isDraft: own.isDraft, corpus: corpus, lexicon: lexicon, index: index, memo: memo,
                files: files)
        } else {
            source = SourceText(path: path, bytes: bytes)
            let parsed = settings.parser.parse(source)
            diagnostics = parsed.diagnostics
            context = LintContext(
                path: path, filePath: filePath, issue: parsed.issue, settings: settings, isDraft: corpus.isDraft(filePath),
                corpus: corpus, lexicon: lexicon, index: index, memo: memo, files: files)
        }
        for rule in rules {
            let description = type(of: rule).description
            guard let severity = severity(of: description) else { continue }
            for finding in rule.check(context) {
                diagnostics.append(
                    Diagnostic(
                        path: path, range: finding.range, severity: severity, rule: description.identifier, message: finding.message,
                        fix: finding.fix))
            }
        }
        diagnostics = Self.limitingEachRule(applyDirectives(to: diagnostics, issue: context.issue, path: path), path: path)
        return FileReport(path: path, lines: source.lines.map { String($0.text) }, diagnostics: diagnostics.sortedAndDeduplicated())
    }

    /// The most findings of one rule in one file that are reported one by one.
    public static let findingsPerRule = 1_000

    /// The diagnostics with at most ``findingsPerRule`` of each rule, the first in the file,
    /// and for a rule that has more a note that says how many more. A pasted document can
    /// have a finding every few words: a hundred thousand of them help nobody, and kept,
    /// sorted and printed they cost seconds and hundreds of megabytes.
    static func limitingEachRule(_ diagnostics: [Diagnostic], path: String) -> [Diagnostic] {
        var counts: [String: Int] = [:]
        for diagnostic in diagnostics { counts[diagnostic.rule, default: 0] += 1 }
        let overLimit = counts.filter { $0.value > findingsPerRule }
        guard !overLimit.isEmpty else { return diagnostics }
        var kept = diagnostics.filter { overLimit[$0.rule] == nil }
        for (rule, count) in overLimit.sorted(by: { $0.key < $1.key }) {
            let shown = diagnostics.filter { $0.rule == rule }.sorted { $0.range.start < $1.range.start }.prefix(findingsPerRule)
            kept += shown
            kept.append(
                Diagnostic(
                    path: path, range: shown.last!.range, severity: .note, rule: rule,
                    message: "\(count - findingsPerRule) more \(rule) findings in this file are not shown; mend these first"))
        }
        return kept
    }

    /// Drops what the file's directives silence and reports directives that silence nothing.
    func applyDirectives(to diagnostics: [Diagnostic], issue: Issue, path: String) -> [Diagnostic] {
        let known = Set(RuleRegistry.all.map(\.identifier))
        let (directives, problems) = Directive.collect(from: issue, knownRules: known)
        var silencers = DirectiveIndex(directives)
        var kept: [Diagnostic] = []
        for diagnostic in diagnostics {
            // The format's own errors and the directives' reports cannot be silenced.
            let silenceable = !diagnostic.rule.hasPrefix("format.")
            if !silenceable || !silencers.silence(diagnostic) { kept.append(diagnostic) }
        }
        let used = silencers.used
        func report(_ rule: RuleDescription, _ range: SourceRange, _ message: String) {
            guard let severity = severity(of: rule) else { return }
            kept.append(Diagnostic(path: path, range: range, severity: severity, rule: rule.identifier, message: message))
        }
        for problem in problems {
            report(LintDirectiveRule.description, problem.range, problem.message)
        }
        for (index, directive) in directives.enumerated() where !used[index] {
            let what = directive.rules.isEmpty ? "no finding" : "no \(directive.rules.joined(separator: " or ")) finding"
            let place = directive.scope == .file ? "in this file" : "on line \(directive.targetLine ?? 0)"
            report(UnusedDisableRule.description, directive.range, "this directive silences nothing: there is \(what) \(place); delete it")
        }
        return kept
    }

    /// Lints every issue file named: files as they are, folders searched for `.issue` files.
    public func lint(paths: [URL]) throws(LintError) -> LintReport {
        var report = LintReport()
        let files: [URL]
        do {
            files = try IssueCatalog.files(named: paths)
        } catch {
            throw .files(error)
        }
        for url in files {
            let path = displayPath(of: url)
            let bytes: [UInt8]
            do {
                bytes = Array(try Data(contentsOf: url))
            } catch {
                throw .unreadable(path: path, reason: error.localizedDescription)
            }
            report.files.append(lint(bytes: bytes, path: path, filePath: url.standardizedFileURL.path))
        }
        return report
    }
}

/// What linting one file found, with its lines to show each finding in context.
public struct FileReport: Sendable {
    public var path: String
    public var lines: [String]
    public var diagnostics: [Diagnostic]

    public init(path: String, lines: [String], diagnostics: [Diagnostic]) {
        self.path = path
        self.lines = lines
        self.diagnostics = diagnostics
    }
}

/// What a lint run found.
public struct LintReport: Sendable {
    public var files: [FileReport] = []
    /// Problems outside the issues, such as an unknown rule in the settings.
    public var settingsDiagnostics: [Diagnostic] = []

    public init() {}

    public var filesChecked: Int { files.count }

    /// Every finding, sorted by file and position.
    public var diagnostics: [Diagnostic] {
        (settingsDiagnostics + files.flatMap(\.diagnostics)).sortedAndDeduplicated()
    }

    /// Every finding as the files and the settings hold them: unsorted, and with a repeat
    /// where two files' reports share a finding.
    private var unsortedDiagnostics: FlattenSequence<[[Diagnostic]]> {
        ([settingsDiagnostics] + files.map(\.diagnostics)).joined()
    }

    /// How many distinct findings have `severity`: what ``diagnostics`` would count, without
    /// sorting every finding of the run again to count them.
    public func count(_ severity: Severity) -> Int {
        Set(unsortedDiagnostics.filter { $0.severity == severity }).count
    }

    /// Whether the run fails: any error, or with `strict` any warning.
    public func fails(strict: Bool) -> Bool {
        unsortedDiagnostics.contains { $0.severity == .error || (strict && $0.severity == .warning) }
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
    /// A path named does not exist, or a folder cannot be listed.
    case files(ArchiveError)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "\(path): \(reason)"
        case .files(let error): error.description
        }
    }
}
