import DigestCore
import DigestLint
import DigestTestSupport
import Testing

@Suite("Silencing findings with # digest-lint: directives")
struct DirectiveTests {
    let linter = Linter(settings: .thisRepository)

    /// A draft whose detail says `detail`, with `header` comment lines before the title.
    func issue(header: String = "", detail: String) -> String {
        """
        \(header)US-Japan Alliance Digest Vol 2.6
        Date: 2023-04-06

        Headlines
        - Allies meet in Tokyo

        Details
        \(detail)

        Footer
        \(TextWrapper.wrap(Settings.thisRepository.publication.footer, width: 78).joined(separator: "\n"))

        """
    }

    func findings(_ text: String) -> [String] {
        linter.lint(bytes: Array(text.utf8), path: "d.issue").diagnostics.map {
            "\($0.range.start.line):\($0.range.start.column) \($0.rule)"
        }
    }

    @Test("without a directive the slips are reported")
    func baseline() {
        #expect(findings(issue(detail: "- The allies met met in Tokyo on March9.")) == ["8:18 repeated-word", "8:39 run-on-number"])
    }

    @Test("disable-line at the end of a line silences the named rule on that line only")
    func disableLine() {
        let text = issue(
            detail: "- The allies met met in Tokyo on March9.  # digest-lint: disable-line repeated-word\n  They met met again.")
        #expect(findings(text) == ["8:39 run-on-number", "9:12 repeated-word"])
    }

    @Test("disable-next-line silences the next text line, skipping other comments")
    func disableNextLine() {
        let text = issue(
            detail: "# digest-lint: disable-next-line repeated-word run-on-number\n# (a note)\n- The allies met met in Tokyo on March9.")
        #expect(findings(text) == [])
    }

    @Test("disable-file with no rule named silences every rule but the format's own errors")
    func disableFile() {
        let text = issue(header: "# digest-lint: disable-file\n", detail: "- The allies met met in Tokyo on March9.\n-")
        #expect(findings(text) == ["10:1 format.bullet"])
    }

    @Test("a directive that silences nothing is reported where it is written")
    func unused() {
        let text = issue(detail: "# digest-lint: disable-next-line spelling\n- The allies met met in Tokyo.")
        #expect(findings(text) == ["8:1 unused-disable", "9:18 repeated-word"])
    }

    @Test("an unknown rule or command is reported, with the rule it probably meant")
    func unknown() {
        let text = issue(detail: "- The allies met met in Tokyo.  # digest-lint: disable-line repeated-words")
        let diagnostics = linter.lint(bytes: Array(text.utf8), path: "d.issue").diagnostics
        #expect(diagnostics.contains { $0.rule == "lint-directive" && $0.message.contains("did you mean \"repeated-word\"?") })
        #expect(diagnostics.contains { $0.rule == "repeated-word" })
    }

    @Test("a trailing directive is not part of the text: it never renders and the printer keeps it")
    func trailingDirectiveIsNotText() {
        let text = issue(detail: "- The allies met met in Tokyo.  # digest-lint: disable-line repeated-word")
        let parsed = Settings.thisRepository.parser.parse(text)
        #expect(parsed.issue.details.items[0].plainText == "The allies met met in Tokyo.")
        #expect(IssuePrinter.print(parsed.issue) == text)
    }
}

@Suite("Rule severities from the settings")
struct SeverityTests {
    let text = """
        US-Japan Alliance Digest Vol 2.6
        Date: 2023-04-06

        Headlines
        - Allies meet in Tokyo

        Details
        - The allies met met in Tokyo.

        Footer
        \(TextWrapper.wrap(Settings.thisRepository.publication.footer, width: 78).joined(separator: "\n"))

        """

    func linter(_ rules: [(String, Severity?)]) -> Linter {
        var settings = Settings.thisRepository
        settings.lint.rules = rules.map {
            RuleSetting(
                rule: $0.0, severity: $0.1, location: NodeLocation(SourceRange(start: SourcePosition(line: 1, column: 1), length: 1)))
        }
        return Linter(settings: settings)
    }

    @Test("a rule's severity can be lowered, and a rule switched off")
    func override() {
        let lowered = linter([("repeated-word", .warning)]).lint(bytes: Array(text.utf8), path: "d.issue").diagnostics
        #expect(lowered.map(\.severity) == [.warning])
        let off = linter([("repeated-word", nil)]).lint(bytes: Array(text.utf8), path: "d.issue").diagnostics
        #expect(off.isEmpty)
    }

    @Test("an unknown rule in the settings is a settings error naming it and where it is")
    func unknownRule() {
        let problems = linter([("repeated-words", .warning)]).settingsProblems(path: "digest.yaml")
        #expect(
            problems.map(\.formatted) == [
                "digest.yaml:1:1: error: \"lint.rules\" names the unknown rule \"repeated-words\"; did you mean \"repeated-word\"? (`digest lint --list-rules` lists them) [settings]"
            ])
    }

    @Test("a substitution whose pattern is not a regular expression is a settings error at its line")
    func badPattern() throws {
        let yaml = Settings.thisRepositoryYAML.replacingOccurrences(of: #"- find: '\bU\.S\.$'"#, with: "- find: '(unclosed'")
        try #require(yaml.contains("(unclosed"))
        let settings = try SettingsFile.parse(yaml, path: "digest.yaml")
        let problems = Linter(settings: settings).settingsProblems(path: "digest.yaml")
        let line = try #require(yaml.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("(unclosed") }) + 1
        #expect(
            problems.map(\.formatted) == [
                "digest.yaml:\(line):13: error: \"lint.substitutions\" has a find pattern that is not a regular expression: (unclosed [settings]"
            ])
    }

    @Test("digest.yaml's lint.rules keys and values are read with their lines")
    func settingsFile() throws {
        let yaml = Settings.thisRepositoryYAML.replacingOccurrences(of: "    cadence: warning", with: "    cadence: loud")
        do {
            _ = try SettingsFile.parse(yaml, path: "digest.yaml")
            Issue.record("a bad severity was accepted")
        } catch {
            #expect(error.diagnostics.map(\.message) == ["\"lint.rules.cadence\" must be error, warning, note or off, not \"loud\""])
        }
    }
}
