import DigestTestSupport
import Foundation
import Testing

@Suite("digest new, from the command line")
struct NewCommandTests {
    @Test("prints the new draft's path and exits 0; the draft is well-formed, with only its placeholders to write")
    func scaffoldsAndLints() throws {
        let checkout = try Checkout()
        let new = try digest(["new"], in: checkout.root)
        #expect(new.status == 0, "\(new.errors)")
        #expect(new.output == "Drafts/2023-04-06-vol-2.6.issue\n")
        let lint = try digest(["lint", "--format", "json", "Drafts/2023-04-06-vol-2.6.issue"], in: checkout.root)
        #expect(lint.status == 0)
        let findings = try JSONSerialization.jsonObject(with: Data(lint.output.utf8)) as? [[String: Any]] ?? []
        #expect(findings.count == 10)
        #expect(findings.allSatisfy { $0["rule"] as? String == "placeholder" && $0["severity"] as? String == "warning" })
        #expect(lint.errors == "0 errors and 10 warnings in 1 file\n")
        #expect(try digest(["lint", "--strict", "Drafts/2023-04-06-vol-2.6.issue"], in: checkout.root).status == 1)
    }

    @Test("from a subfolder, the path printed is the real path of the draft from there")
    func fromSubfolder() throws {
        let checkout = try Checkout()
        let folder = checkout.url("seeds/archive")
        let new = try digest(["new", "--date", "2023-04-13"], in: folder)
        #expect(new.status == 0, "\(new.errors)")
        let printed = new.output.trimmingCharacters(in: .newlines)
        #expect(printed.hasSuffix("Drafts/2023-04-13-vol-2.6.issue"))
        let resolved = URL(fileURLWithPath: printed, relativeTo: folder).standardizedFileURL
        #expect(FileManager.default.fileExists(atPath: resolved.path))
    }

    @Test("a bad --date is a usage error with exit code 2")
    func badDate() throws {
        let checkout = try Checkout()
        let new = try digest(["new", "--date", "2023-02-30"], in: checkout.root)
        #expect(new.status == 2)
        #expect(new.errors.contains("--date"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: checkout.url("Drafts").path).isEmpty)
    }

    @Test("refuses to overwrite, exits 2 and leaves the file as it was")
    func refusesToOverwrite() throws {
        let checkout = try Checkout()
        try checkout.write("not an issue yet\n", to: "Drafts/2023-04-06-vol-2.6.issue.txt")
        try FileManager.default.moveItem(
            at: checkout.url("Drafts/2023-04-06-vol-2.6.issue.txt"), to: checkout.url("Drafts/2023-04-06-vol-2.6.issue"))
        let new = try digest(["new"], in: checkout.root)
        #expect(new.status == 2)
        #expect(new.output == "")
        #expect(try String(contentsOf: checkout.url("Drafts/2023-04-06-vol-2.6.issue"), encoding: .utf8) == "not an issue yet\n")
    }

    @Test("outside any repository it says so and exits 2")
    func outsideRepository() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-none-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let new = try digest(["new"], in: folder)
        #expect(new.status == 2)
        #expect(new.errors.contains("no digest.yaml in"))
    }
}

@Suite("digest lint, from the command line")
struct LintCommandTests {
    @Test("exit 0 with no errors, 1 with errors, 2 on a missing path or a bad option")
    func exitCodes() throws {
        let checkout = try Checkout()
        _ = try digest(["new"], in: checkout.root)
        #expect(try digest(["lint"], in: checkout.root).status == 0)
        #expect(try digest(["lint", "seeds/archive"], in: checkout.root).status == 1)
        try checkout.write("US-Japan Alliance Digest Vol 2.6\nDate: April 6\n", to: "Drafts/broken.issue")
        let broken = try digest(["lint"], in: checkout.root)
        #expect(broken.status == 1)
        let lines = broken.output.split(separator: "\n")
        #expect(lines.contains("Drafts/broken.issue:2:7: error: write the date as YYYY-MM-DD, such as 2023-04-06 [format.date]"))
        #expect(
            lines.contains(
                "Drafts/broken.issue:2:1: error: the issue has no \"Headlines\" section; add a line \"Headlines\" followed by items starting with \"- \" [format.section]"
            ))
        // Each finding is followed by its line and a caret, indented.
        #expect(lines.allSatisfy { $0.hasPrefix("Drafts/") || $0.hasPrefix("    ") })
        #expect(try digest(["lint", "Drafts/missing.issue"], in: checkout.root).status == 2)
        #expect(try digest(["lint", "--no-such-option"], in: checkout.root).status == 2)
    }

    @Test("a malformed settings file is reported with its line and key, exit 2")
    func badSettings() throws {
        let checkout = try Checkout()
        let settings = try String(contentsOf: checkout.url("digest.yaml"), encoding: .utf8)
        try checkout.write(settings.replacingOccurrences(of: "cadence-days: 14", with: "cadence-days: fortnightly"), to: "digest.yaml")
        let lint = try digest(["lint"], in: checkout.root)
        #expect(lint.status == 2)
        #expect(lint.errors.contains("digest.yaml:17:17: error: \"schedule.cadence-days\" must be a whole number"))
    }
}

@Suite("digest import and format, from the command line")
struct ImportCommandTests {
    @Test("importing a web-page seed writes it into the archive; importing it again is refused")
    func importsIntoArchive() throws {
        let checkout = try Checkout()
        try FileManager.default.removeItem(at: checkout.url("seeds/archive/2023-03-23-vol-2.5.issue"))
        let seed = projectRoot.appendingPathComponent("seeds/003_3fc3ef67255dc944.txt").path
        let first = try digest(["import", seed, "--date", "2023-03-23"], in: checkout.root)
        #expect(first.status == 0, "\(first.errors)")
        #expect(first.output == "seeds/archive/2023-03-23-vol-2.5.issue\n")
        #expect(first.errors.contains("left out site chrome: \"Download this publication (PDF)\""))
        let again = try digest(["import", seed, "--date", "2023-03-23"], in: checkout.root)
        #expect(again.status == 2)
        #expect(again.errors.contains("already exists"))
    }

    @Test("the article is refused with exit 2 and nothing written")
    func refusesArticle() throws {
        let checkout = try Checkout()
        let seed = projectRoot.appendingPathComponent("seeds/004_f47dd6ea90f35819.txt").path
        let result = try digest(
            ["import", seed, "--volume", "1.3", "--date", "2022-02-10", "--output", "Drafts/article.issue"], in: checkout.root)
        #expect(result.status == 2)
        #expect(result.errors.contains("not an issue of the digest"))
        #expect(!FileManager.default.fileExists(atPath: checkout.url("Drafts/article.issue").path))
    }

    @Test("format rewrites a CRLF file in canonical form, and --check then passes")
    func formatsFile() throws {
        let checkout = try Checkout()
        let canonical = try String(contentsOf: checkout.url("seeds/archive/2022-03-10-vol-1.5.issue"), encoding: .utf8)
        try checkout.write(canonical.replacingOccurrences(of: "\n", with: "\r\n"), to: "Drafts/crlf.issue")
        #expect(try digest(["format", "--check", "Drafts/crlf.issue"], in: checkout.root).status == 1)
        let format = try digest(["format", "Drafts/crlf.issue"], in: checkout.root)
        #expect(format.status == 0)
        #expect(format.output == "formatted Drafts/crlf.issue\n")
        #expect(try String(contentsOf: checkout.url("Drafts/crlf.issue"), encoding: .utf8) == canonical)
        #expect(try digest(["format", "--check", "Drafts/crlf.issue"], in: checkout.root).status == 0)
    }
}
