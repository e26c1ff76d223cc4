import DigestCore
import DigestTestSupport
import Foundation
import Testing

/// Every kind of broken issue gets exactly the diagnostics an editor should see.
///
/// `Fixtures/Malformed/NAME.issue` is the input; `NAME.expected` beside it lists the
/// diagnostics one per line, as `digest lint` prints them. Each `.expected` file was
/// reviewed by hand; to re-record after a deliberate change of wording, run
/// `DIGEST_RECORD=1 swift test --filter MalformedInputTests` and review the diff.
@Suite("Malformed inputs")
struct MalformedInputTests {
    static let cases = TestFiles.fixtureNames(in: "Malformed", extension: "issue")

    /// Fixtures whose `.expected` file says what the parser should report but does not yet.
    /// Recording leaves these files alone: they were written by hand.
    static let knownBugs: [String: Testing.Comment] = [:]

    @Test("there is a fixture for every kind of problem")
    func fixturesAreFound() {
        // Guards the parameterized test below against an empty or misplaced folder.
        #expect(Self.cases.count >= 35)
        for name in ["empty", "binary-nul", "invalid-utf8-in-detail", "javascript-link", "control-character"] {
            #expect(Self.cases.contains(name), "missing fixture \(name).issue")
        }
    }

    @Test("diagnostics match the expected file", arguments: cases)
    func diagnosticsMatch(_ name: String) throws {
        let fileName = "\(name).issue"
        let parsed = Settings.thisRepository.parser.parse(bytes: try TestFiles.fixtureBytes("Malformed/\(fileName)"), path: fileName)
        let actual = parsed.formattedDiagnostics.map { $0 + "\n" }.joined()
        guard let bug = Self.knownBugs[name] else {
            GoldenFile.check(actual, against: TestFiles.sourceFixtures.appendingPathComponent("Malformed/\(name).expected"))
            return
        }
        let expected = try TestFiles.fixtureText("Malformed/\(name).expected")
        withKnownIssue(bug) {
            #expect(actual == expected)
        }
    }

    @Test("every malformed fixture except the warning-only ones has an error", arguments: cases)
    func malformedMeansError(_ name: String) throws {
        // A fixture that parses without errors is not testing a malformed input; this
        // catches an `.expected` file recorded from a parser that stopped reporting.
        let warningOnly: Set = ["blank-line-in-detail"]
        let parsed = Settings.thisRepository.parser.parse(bytes: try TestFiles.fixtureBytes("Malformed/\(name).issue"), path: name)
        #expect(parsed.diagnostics.containsErrors != warningOnly.contains(name))
    }

    @Test("every diagnostic points inside the file", arguments: cases)
    func positionsAreInsideTheFile(_ name: String) throws {
        let bytes = try TestFiles.fixtureBytes("Malformed/\(name).issue")
        let parsed = Settings.thisRepository.parser.parse(bytes: bytes, path: name)
        let lineCount = bytes.count { $0 == 0x0A } + 1
        for diagnostic in parsed.diagnostics {
            #expect((1...lineCount).contains(diagnostic.range.start.line), "\(diagnostic.formatted)")
            #expect(diagnostic.range.start.column >= 1, "\(diagnostic.formatted)")
            #expect(diagnostic.range.start <= diagnostic.range.end, "\(diagnostic.formatted)")
        }
    }
}
