import DigestArchive
import DigestCore
import Foundation
import Testing

/// `digest format`'s pass over files: rewritten, named, or left alone with their errors.
@Suite("digest format over files")
struct FormatPassTests {
    static let untidy =
        "US-Japan Alliance Digest Vol 2.6  \r\nDate: 2023-04-06\r\n\r\nHeadlines\r\n- Allies meet\r\n\r\nDetails\r\n- They met.\r\n\r\nFooter\r\nThe footer.\r\n"

    @Test("an issue out of canonical form is rewritten and named; one in it is left alone and not named")
    func rewrites() throws {
        let test = try TestRepository(archive: [:])
        try test.write(Self.untidy, to: "Drafts/a.issue")
        let settings = try test.repository().settings
        var lines: [String] = []
        let folder = test.root.appendingPathComponent("Drafts")
        #expect(try FormatPass.run([folder], parser: settings.parser, checkOnly: false) { lines.append($0) } == false)
        #expect(lines.count == 1 && lines[0].hasPrefix("formatted ") && lines[0].hasSuffix("Drafts/a.issue"))
        let canonical = try test.read("Drafts/a.issue")
        #expect(!canonical.contains("\r") && !canonical.contains("  \n"))
        lines = []
        #expect(try FormatPass.run([folder], parser: settings.parser, checkOnly: false) { lines.append($0) } == false)
        #expect(lines.isEmpty)
    }

    @Test("checking only names the file, fails, and changes nothing")
    func checkOnly() throws {
        let test = try TestRepository(archive: [:])
        try test.write(Self.untidy, to: "Drafts/a.issue")
        let settings = try test.repository().settings
        var lines: [String] = []
        #expect(
            try FormatPass.run([test.root.appendingPathComponent("Drafts")], parser: settings.parser, checkOnly: true) { lines.append($0) })
        #expect(
            lines.count == 1 && lines[0].hasSuffix("a.issue: not in canonical form; run `digest format \(lines[0].prefix { $0 != ":" })`"))
        #expect(try test.read("Drafts/a.issue") == Self.untidy)
    }

    @Test("an issue with format errors gets its errors printed, fails, and is left untouched")
    func malformed() throws {
        let test = try TestRepository(archive: [:])
        try test.write("Not a title\n\nHeadlines\n", to: "Drafts/b.issue")
        let settings = try test.repository().settings
        var lines: [String] = []
        #expect(
            try FormatPass.run([test.root.appendingPathComponent("Drafts")], parser: settings.parser, checkOnly: false) { lines.append($0) }
        )
        #expect(!lines.isEmpty && lines.allSatisfy { $0.contains("b.issue:") && $0.contains(": error: ") })
        #expect(try test.read("Drafts/b.issue") == "Not a title\n\nHeadlines\n")
    }
}
