import DigestCore
import DigestLint
import DigestTestSupport

/// Runs a rule's examples: places each in a well-formed issue of this repository's
/// publication, lints it, and holds the rule's findings against the `↓` markers and the
/// messages the example states.
struct RuleExampleRunner: Sendable {
    let settings: Settings
    let wordList: WordList

    init(settings: Settings = .thisRepository, wordList: WordList = .system) {
        self.settings = settings
        self.wordList = wordList
    }

    /// The marker placed before a character a finding must point at.
    static let marker: Unicode.Scalar = "↓"

    /// A headline and a detail that no rule finds fault with.
    static let neutralHeadline = "Allies meet in Tokyo"
    static let neutralDetail = "The allies met in Tokyo on March 8."

    /// The example issue, without markers, and where the markers were.
    func issue(for example: RuleExample) -> (text: String, markers: [SourcePosition]) {
        strip(compose(example.text, example.place))
    }

    /// The issue text with `text` placed, markers still in.
    func compose(_ text: String, _ place: RuleExample.Place) -> String {
        let footer = TextWrapper.wrap(settings.publication.footer, width: 78).joined(separator: "\n")
        func template(headline: String, detail: String, footer: String) -> String {
            """
            US-Japan Alliance Digest Vol 2.6
            Date: 2023-04-06

            Headlines
            - \(headline)

            Details
            - \(detail)

            Footer
            \(footer)

            """
        }
        switch place {
        case .issue: return text
        case .headline: return template(headline: text, detail: Self.neutralDetail, footer: footer)
        case .detail: return template(headline: Self.neutralHeadline, detail: text, footer: footer)
        case .pair(let headline): return template(headline: headline, detail: text, footer: footer)
        case .footer: return template(headline: Self.neutralHeadline, detail: Self.neutralDetail, footer: text)
        }
    }

    func strip(_ text: String) -> (text: String, markers: [SourcePosition]) {
        var output = String.UnicodeScalarView()
        var markers: [SourcePosition] = []
        var line = 1
        var column = 1
        for scalar in text.unicodeScalars {
            if scalar == Self.marker {
                markers.append(SourcePosition(line: line, column: column))
                continue
            }
            output.append(scalar)
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (String(output), markers)
    }

    func linter(for example: RuleExample, text: String) -> Linter {
        let parser = settings.parser
        var entries = example.archive.enumerated().map { index, archived in
            IssueCorpus.Entry(
                filePath: "/example/archive/\(index).issue", path: "archive/\(index).issue",
                issue: parser.parse(archived, path: "archive/\(index).issue").issue, isDraft: false)
        }
        entries.append(
            IssueCorpus.Entry(
                filePath: "/example/issue.issue", path: "issue.issue", issue: parser.parse(text, path: "issue.issue").issue,
                isDraft: example.isDraft))
        var linter = Linter(settings: settings, corpus: IssueCorpus(entries: entries), wordList: wordList)
        linter.files = .memory(Dictionary(uniqueKeysWithValues: example.files.map { ("/example/\($0.key)", $0.value) }))
        return linter
    }

    /// The findings of `rule` in the example, and the markers' positions.
    func run(_ example: RuleExample, rule: String) -> (findings: [Diagnostic], markers: [SourcePosition], text: String) {
        let (text, markers) = issue(for: example)
        let report = linter(for: example, text: text).lint(bytes: Array(text.utf8), path: "issue.issue", filePath: "/example/issue.issue")
        return (report.diagnostics.filter { $0.rule == rule }, markers, text)
    }

    /// One finding, or one a triggering example expects: where it points and what it says.
    struct Spot: Comparable, CustomStringConvertible {
        var position: SourcePosition
        var message: String

        static func < (a: Spot, b: Spot) -> Bool {
            (a.position.line, a.position.column, a.message) < (b.position.line, b.position.column, b.message)
        }

        var description: String { "\(position.line):\(position.column): \(message)" }
    }

    /// What is wrong with a triggering example, or `nil` when `rule` finds exactly one
    /// finding at each `↓` marker, saying the message the example states for it, and nothing else.
    func mismatch(_ example: RuleExample, rule: String) -> String? {
        let (findings, markers, text) = run(example, rule: rule)
        guard !markers.isEmpty else { return "\(rule): example without a ↓ marker: \(example)" }
        guard example.messages.count == markers.count else {
            return "\(rule): \(markers.count) ↓ markers but \(example.messages.count) expected messages in \(example)"
        }
        let expected = zip(markers, example.messages).map { Spot(position: $0, message: $1) }.sorted()
        let actual = findings.map { Spot(position: $0.range.start, message: $0.message) }.sorted()
        guard actual != expected else { return nil }
        func list(_ spots: [Spot]) -> String { spots.isEmpty ? "  (none)" : spots.map { "  \($0)" }.joined(separator: "\n") }
        return "\(rule): expected \(expected.count) findings\n\(list(expected))\ngot \(actual.count)\n\(list(actual))\nin\n\(text)"
    }

    /// The text `--fix` makes of a correction's example, with only `rule`'s fixes, and the text expected.
    func correct(_ correction: RuleCorrection, rule: String) -> (fixed: String, expected: String) {
        let (text, _) = issue(for: correction.before)
        let result = linter(for: correction.before, text: text).fix(
            bytes: Array(text.utf8), path: "issue.issue", filePath: "/example/issue.issue", only: rule)
        let expected = strip(compose(correction.after, correction.before.place)).text
        return (result.text, expected)
    }
}
