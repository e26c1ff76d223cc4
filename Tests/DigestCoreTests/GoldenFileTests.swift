import DigestTestSupport
import Foundation
import Testing

/// The golden-file check every test target uses: a missing or different file fails, with
/// the lines that differ, and recording rewrites the file but still fails when it changed.
@Suite("GoldenFile")
struct GoldenFileTests {
    /// A fresh folder for one test's golden files.
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("golden-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func said(_ issue: Issue, _ words: String) -> Bool {
        issue.comments.contains { $0.rawValue.contains(words) }
    }

    @Test("a golden file that matches passes")
    func matching() throws {
        let url = try Self.folder().appendingPathComponent("same.txt")
        try Data("one\ntwo\n".utf8).write(to: url)
        GoldenFile.check("one\ntwo\n", against: url, recording: false)
    }

    @Test("a missing golden file fails and says how to record it")
    func missing() throws {
        let url = try Self.folder().appendingPathComponent("missing.expected")
        withKnownIssue {
            GoldenFile.check("anything", against: url, recording: false)
        } matching: {
            Self.said($0, "no golden file") && Self.said($0, "DIGEST_RECORD=1")
        }
        #expect(!FileManager.default.fileExists(atPath: url.path), "checking must not create the file")
    }

    @Test("a different golden file fails with the lines that differ")
    func different() throws {
        let url = try Self.folder().appendingPathComponent("edition.txt")
        try Data("Headlines\n- Allies meet\n- Talks end\n".utf8).write(to: url)
        withKnownIssue {
            GoldenFile.check("Headlines\n- Allies met\n- Talks end\n", against: url, recording: false)
        } matching: {
            Self.said($0, "-2: - Allies meet\n+2: - Allies met") && !Self.said($0, "Talks end")
        }
    }

    @Test("recording writes a changed file and fails, so a run left recording cannot pass")
    func recording() throws {
        let url = try Self.folder().appendingPathComponent("Snapshots/new.html")
        withKnownIssue {
            GoldenFile.check("<p>new</p>\n", against: url, recording: true)
        } matching: {
            Self.said($0, "recorded")
        }
        #expect(try String(contentsOf: url, encoding: .utf8) == "<p>new</p>\n")
        // Recording what is already there changes nothing and passes.
        GoldenFile.check("<p>new</p>\n", against: url, recording: true)
        GoldenFile.check("<p>new</p>\n", against: url, recording: false)
    }

    @Test("a difference no line shows is still named")
    func invisibleDifference() {
        #expect(GoldenFile.lineDiff(from: "a\nb\n", to: "a\r\nb\n") == "-1: a\n+1: a\\r")
        #expect(GoldenFile.lineDiff(from: "a", to: "a\n") == "+2: ")
        let many = GoldenFile.lineDiff(from: "", to: (1...50).map(String.init).joined(separator: "\n"), limit: 3)
        #expect(many.hasSuffix("… and 48 more changed lines"), "\(many)")
    }
}
