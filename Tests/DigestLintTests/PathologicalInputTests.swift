import DigestCore
import DigestLint
import DigestTestSupport
import Foundation
import Testing

/// `digest lint` runs in the pre-commit hook and before every send, so no input may crash
/// it or keep it busy for minutes: every rule is linear (or n log n) in its input, and what
/// a limit leaves unchecked is reported. Each kind of hostile input is linted at two sizes
/// in the process; the tests assert that lint finishes with the diagnostic a user would
/// see, not how long it takes (`Tests/Benchmarks/lint-growth.sh` shows the growth).
@Suite("Pathological inputs")
struct PathologicalInputTests {
    /// A kind of hostile input: the issue it makes at a size, and what lint must say about it.
    struct Kind: Sendable, CustomStringConvertible {
        var name: String
        /// The issue's bytes for a size (roughly the bytes of the hostile part).
        var make: @Sendable (Int) -> [UInt8]
        /// A rule and a part of its message that must be among the findings, when any must.
        var expected: (rule: String, message: String)?
        var description: String { name }
    }

    static func issue(detail: String, headline: String = "One long story") -> [UInt8] {
        Array(
            """
            US-Japan Alliance Digest Vol 2.6
            Date: 2023-04-06

            Headlines
            - \(headline)

            Details
            - \(detail)

            Footer
            The footer.

            """.utf8)
    }

    /// The `index`-th of many distinct made-up words: its digits in base 20, written in consonants.
    static func madeUpWord(_ index: Int) -> String {
        let consonants = Array("bcdfghjklmnpqrstvwxz")
        var word = ""
        var rest = index
        for _ in 0..<7 {
            word.append(consonants[rest % 20])
            rest /= 20
        }
        return word
    }

    static let kinds: [Kind] = [
        Kind(
            name: "one word repeated", make: { issue(detail: Array(repeating: "alliance", count: $0 / 9).joined(separator: " ")) },
            expected: ("repeated-word", "is written twice")),
        Kind(
            name: "one very long word", make: { issue(detail: "The " + String(repeating: "a", count: $0) + " word.") },
            expected: ("spelling", "longer than any word (64 characters at most)")),
        Kind(
            name: "one very long name", make: { issue(detail: "The " + "A" + String(repeating: "b", count: $0) + " word.") },
            expected: ("spelling", "longer than any word")),
        Kind(
            name: "links nested deep",
            make: {
                issue(detail: String(repeating: "[", count: $0 / 22) + "a" + String(repeating: "](https://example.org)", count: $0 / 22))
            },
            expected: nil),
        Kind(
            name: "link addresses never closed", make: { issue(detail: String(repeating: "[a](b", count: $0 / 5)) },
            expected: ("format.markup", "the link's address is never closed")),
        Kind(
            name: "emphasis nested deep",
            make: { issue(detail: String(repeating: "*a **b ", count: $0 / 7) + "c" + String(repeating: "** *", count: $0 / 7)) },
            expected: nil),
        Kind(
            name: "many headlines and details",
            make: { count in
                let items = max(count / 40, 2)
                var text = "US-Japan Alliance Digest Vol 2.6\nDate: 2023-04-06\n\nHeadlines\n"
                for index in 0..<items { text += "- Headline about story \(index)\n" }
                text += "\nDetails\n"
                for index in 0..<items { text += "- The detail tells story \(index).\n" }
                return Array((text + "\nFooter\nThe footer.\n").utf8)
            }, expected: nil),
        Kind(
            name: "a long line without spaces", make: { issue(detail: String(repeating: "a.Bc", count: $0 / 4)) },
            expected: ("run-on-sentence", "put a space after")),
        Kind(name: "a run of punctuation", make: { issue(detail: "Talks " + String(repeating: ".,;:!?", count: $0 / 6)) }, expected: nil),
        Kind(
            name: "a run of quotes", make: { issue(detail: "Talks " + String(repeating: "“\"'‘", count: $0 / 4)) },
            expected: ("balanced-punctuation", "never closed")),
        Kind(
            name: "a run of brackets", make: { issue(detail: "Talks " + String(repeating: "(", count: $0)) },
            expected: ("balanced-punctuation", "never closed")),
        Kind(name: "a huge number", make: { issue(detail: "Talks on " + String(repeating: "1", count: $0) + " days.") }, expected: nil),
        Kind(
            name: "house substitutions on every few words",
            make: { issue(detail: String(repeating: "The U.S.  \"talks\" on March 8th, Jan. 5 and Japan's ", count: $0 / 51)) },
            expected: ("substitutions", "March 8")),
        Kind(name: "a run of hyphens", make: { issue(detail: "Talks " + String(repeating: "-", count: $0)) }, expected: nil),
        Kind(
            name: "one long hyphenated word",
            make: { issue(detail: "Talks on " + Array(repeating: "ab", count: $0 / 3).joined(separator: "-") + ".") }, expected: nil),
        Kind(
            name: "a run of backslashes", make: { issue(detail: "Talks " + String(repeating: "\\", count: $0)) },
            expected: nil),
        Kind(
            name: "many distinct misspellings",
            make: { issue(detail: (0..<$0 / 8).map { madeUpWord($0 * 7919) }.joined(separator: " ")) },
            expected: ("spelling", "unknown word")),
        Kind(
            name: "a name capitalized every way",
            make: { count in
                // Every variant mid-sentence, each a different capitalisation of one made-up name.
                let variants = (0..<count / 14).map { index in
                    String(
                        "pacfleetnavy".enumerated().map {
                            index >> ($0.offset % 12) & 1 == 1 ? Character($0.element.uppercased()) : $0.element
                        })
                }
                return issue(detail: "the " + variants.joined(separator: " and "))
            }, expected: ("consistent-terms", "is also written")),
        Kind(
            name: "names one letter apart every way",
            make: { count in
                let names = (0..<count / 8).map { "Qaaaa" + String(Character(Unicode.Scalar(0x4E00 + $0)!)) }
                return issue(detail: "The " + names.joined(separator: " and "))
            }, expected: ("consistent-terms", "are one letter apart in this issue")),
        Kind(
            name: "many directives",
            make: { count in
                var lines: [String] = []
                for index in 0..<count / 60 {
                    lines.append("# digest-lint: disable-next-line spelling")
                    lines.append(madeUpWord(index * 31) + " words.  # digest-lint: disable-line spelling")
                }
                return issue(detail: "Talks.\n" + lines.map { "  " + $0 }.joined(separator: "\n"))
            }, expected: nil),
        Kind(
            name: "binary junk",
            make: { count in
                var state: UInt64 = 12
                return (0..<count).map { _ in
                    // A fixed linear congruential sequence: the same junk on every run.
                    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                    return UInt8(truncatingIfNeeded: state >> 56)
                }
            }, expected: ("format.encoding", "looks binary")),
    ]

    /// Two sizes, far enough apart that a quadratic rule would take minutes at the larger.
    static let sizes = [1_000, 20_000]

    @Test("lint finishes on a hostile input and says what it found", arguments: kinds, sizes)
    func finishes(kind: Kind, size: Int) throws {
        let linter = Linter(settings: .thisRepository)
        let report = linter.lint(bytes: kind.make(size), path: "hostile.issue")
        if let (rule, message) = kind.expected {
            #expect(
                report.diagnostics.contains { $0.rule == rule && $0.message.contains(message) },
                "\(kind) at \(size): no \(rule) finding saying \"\(message)\"")
        }
        // Each finding is printed with an excerpt of its line, not the whole line: a line of
        // a megabyte with a finding every few words made a report of terabytes.
        var lintReport = LintReport()
        lintReport.files = [report]
        let printed = TextFormatter(colored: false).format(lintReport)
        #expect(printed.utf8.count <= 1_000 * (report.diagnostics.count + 1), "\(kind) at \(size)")
        // A message quotes at most the start of a long word.
        #expect(report.diagnostics.allSatisfy { $0.message.utf8.count < 1_000 }, "\(kind) at \(size)")
    }

    @Test("an issue with more headlines and details than can be matched says so, with where and what to do")
    func tooManyItems() {
        let items = WorkLimits.mostItemsMatched + 1
        var text = "US-Japan Alliance Digest Vol 2.6\nDate: 2023-04-06\n\nHeadlines\n"
        for index in 0..<items { text += "- Headline about story \(index)\n" }
        text += "\nDetails\n- The one detail.\n\nFooter\nThe footer.\n"
        let report = Linter(settings: .thisRepository).lint(bytes: Array(text.utf8), path: "many.issue")
        let finding = report.diagnostics.filter { $0.rule == "headlines-match-details" }
        #expect(
            finding.map(\.message) == [
                "this issue has 201 headlines, too many to match headlines with details (200 at most); split it into issues of a few stories each"
            ])
        // Line 5 is the first headline; the finding points at the first one past the limit.
        #expect(finding.first?.range.start == SourcePosition(line: 5 + WorkLimits.mostItemsMatched, column: 3))
    }

    @Test("a word past the length limit is reported at its place, without suggestions")
    func longWordIsReported() throws {
        let word = String(repeating: "ab", count: 50)
        let report = Linter(settings: .thisRepository).lint(bytes: Self.issue(detail: "The \(word) talks."), path: "long.issue")
        let finding = try #require(report.diagnostics.first { $0.rule == "spelling" })
        #expect(
            finding.message
                == "unknown word \"abababababababababababab…\" (100 characters), longer than any word (64 characters at most); put in the missing spaces, or add it to lint.words in digest.yaml"
        )
        #expect(finding.range.start == SourcePosition(line: 8, column: 7))
        #expect(finding.range.end == SourcePosition(line: 8, column: 107))
    }

    @Test("names one letter apart are found among a thousand spellings of one name in different capitals")
    func nearNamesAmongCapitals() {
        let variants = (0..<1_000).map { index in
            "P" + String("acfleetnavy".enumerated().map { index >> $0.offset & 1 == 1 ? Character($0.element.uppercased()) : $0.element })
        }
        let detail = "Minister Hagiuda met the " + variants.joined(separator: " and the ") + "; then Minister Hagyuda spoke."
        let report = Linter(settings: .thisRepository).lint(bytes: Self.issue(detail: detail), path: "names.issue")
        #expect(
            report.diagnostics.contains {
                $0.message == "\"Hagyuda\" and \"Hagiuda\" are one letter apart in this issue; if they are one name, spell it one way"
            })
        // Each spelling that differs from another only in capitals is reported once, after the first.
        #expect(report.diagnostics.filter { $0.message.contains("is also written \"Pacfleetnavy\"") }.count == 999)
    }

    @Test("a name one letter from an archived one is found among a thousand capitalisations of it")
    func nearNameInArchiveAmongCapitals() {
        let variants = (0..<1_000).map { index in
            "P" + String("acfleetnavy".enumerated().map { index >> $0.offset & 1 == 1 ? Character($0.element.uppercased()) : $0.element })
        }
        let archived = Settings.thisRepository.parser.parse(
            String(decoding: Self.issue(detail: "Talks with the " + variants.joined(separator: " and the ") + "."), as: UTF8.self))
        let corpus = IssueCorpus(entries: [
            IssueCorpus.Entry(filePath: "/archive/other.issue", path: "other.issue", issue: archived.issue, isDraft: false)
        ])
        let linter = Linter(settings: .thisRepository, corpus: corpus)
        let report = linter.lint(bytes: Self.issue(detail: "Talks with the Pacfleetnavi on Monday."), path: "draft.issue")
        #expect(
            report.diagnostics.contains {
                $0.message == "\"Pacfleetnavi\" is written \"Pacfleetnavy\" in other.issue; if they are one name, spell it one way"
            })
    }

    @Test("a rule with a finding on every few characters reports the first thousand and how many more")
    func findingsPerRuleAreLimited() throws {
        let report = Linter(settings: .thisRepository).lint(
            bytes: Self.issue(detail: "Talks " + String(repeating: "(", count: 5_000)), path: "brackets.issue")
        let brackets = report.diagnostics.filter { $0.rule == "balanced-punctuation" }
        #expect(brackets.count == Linter.findingsPerRule + 1)
        let note = try #require(brackets.first { $0.severity == .note })
        #expect(note.message == "4000 more balanced-punctuation findings in this file are not shown; mend these first")
        // The findings shown are the first in the file, and the note is where the last of them is.
        let last = brackets.filter { $0.severity == .error }.map(\.range).max { $0.start < $1.start }
        #expect(last?.start == SourcePosition(line: 8, column: 9 + Linter.findingsPerRule - 1))
        #expect(note.range == last)
    }

    @Test("directives silence what they name however many there are, and only that")
    func manyDirectives() {
        let report = Linter(settings: .thisRepository).lint(
            bytes: Self.kinds.first { $0.name == "many directives" }!.make(30_000), path: "d.issue")
        #expect(!report.diagnostics.contains { $0.rule == "spelling" })
        #expect(!report.diagnostics.contains { $0.rule == "unused-disable" })
    }

    @Test("--fix mends a finding on every few words of one long line")
    func fixesOnOneLongLine() {
        let input = Self.issue(detail: (0..<5_000).map { "on day \($0) \($0)" }.joined(separator: " ") + ".")
        let result = Linter(settings: .thisRepository).fix(bytes: input, path: "fix.issue")
        #expect(result.applied >= 5_000)
        #expect(!result.report.diagnostics.contains { $0.rule == "repeated-word" })
        // Counts below ten are spelled out (number-style), the rest left as figures.
        #expect(result.text.contains("- on day 0 on day one on day two "))
        #expect(result.text.contains(" on day 10 on day 11 "))
    }

    @Test("a diff of two long files with every line changed is made without a table of every pair of lines")
    func longDiff() {
        let old = (0..<5_000).map { "line \($0)" }.joined(separator: "\n") + "\n"
        let new = (0..<5_000).map { "line \($0)." }.joined(separator: "\n") + "\n"
        let diff = UnifiedDiff.diff(old, new, path: "a.issue")
        let lines = diff.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("-line") }.count == 5_000)
        #expect(lines.filter { $0.hasPrefix("+line") }.count == 5_000)
        #expect(lines.contains("@@ -1,5000 +1,5000 @@"))
    }
}
