import DigestCore
import DigestSite
import DigestTestSupport
import Foundation
import Testing

/// WeasyPrint, found as `digest site` finds it.
let weasyPrint = PDFEngine.find(searchPath: ProcessInfo.processInfo.environment["PATH"])
/// Whether poppler-utils' `pdfinfo`, `pdffonts` and `pdftotext` are here.
let popplerAvailable = (try? runProgram(["sh", "-c", "command -v pdfinfo && command -v pdffonts && command -v pdftotext"]))?.status == 0

@Suite(
    "digest site: the PDF edition",
    .enabled(if: weasyPrint != nil && popplerAvailable, "needs weasyprint and poppler-utils (`.ci/setup --test` installs them)"))
struct PDFEditionTests {
    /// Two issues with their PDFs, on A4 and on Letter.
    static let sites: [Paper: SiteFixture] = {
        var sites: [Paper: SiteFixture] = [:]
        for paper in Paper.allCases {
            let fixture = try! SiteFixture(only: ["2022-02-24-vol-1.4.issue", "2022-03-10-vol-1.5.issue"])
            try! fixture.build(pdfEngine: weasyPrint, paper: paper)
            sites[paper] = fixture
        }
        return sites
    }()

    static func pdf(_ paper: Paper, _ name: String) -> String {
        sites[paper]!.output.appendingPathComponent("issues/\(name).pdf").path
    }

    @Test("pdfinfo shows the paper the settings ask for, the title and selectable text on more than one page", arguments: Paper.allCases)
    func pageSize(paper: Paper) throws {
        let info = try runProgram(["pdfinfo", Self.pdf(paper, "2022-03-10-vol-1.5")])
        #expect(info.status == 0, "\(info.errors)")
        #expect(info.output.contains(paper == .a4 ? "595.276 x 841.89 pts (A4)" : "612 x 792 pts (letter)"), "\(info.output)")
        #expect(info.output.contains("Title:           US-Japan Alliance Digest Vol 1.5"))
    }

    @Test("pdffonts shows every font embedded")
    func fontsEmbedded() throws {
        let fonts = try runProgram(["pdffonts", Self.pdf(.a4, "2022-02-24-vol-1.4")])
        let rows = fonts.output.split(separator: "\n").dropFirst(2)
        #expect(!rows.isEmpty)
        for row in rows {
            // name type [type] encoding emb sub uni object ID: "emb" is the fourth column from the end.
            let columns = row.split(separator: " ")
            #expect(columns[columns.count - 5] == "yes", "not embedded: \(row)")
        }
    }

    @Test("pdftotext shows the title, date, every headline and every detail in order, and the running footer")
    func textInOrder() throws {
        let text = try runProgram(["pdftotext", "-raw", Self.pdf(.a4, "2022-03-10-vol-1.5"), "-"]).output
        let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let source = try String(contentsOf: Self.sites[.a4]!.archive.appendingPathComponent("2022-03-10-vol-1.5.issue"), encoding: .utf8)
        let issue = Settings.thisRepository.parser.parse(source).issue
        var expected = ["US-Japan Alliance Digest Vol 1.5", "March 10, 2022"]
        expected += issue.headlines.items.map(\.plainText)
        expected += issue.details.items.map(\.plainText)
        var position = flat.startIndex
        for part in expected {
            // Words break across lines and pages; compare the first eight words in order.
            let start = part.split(separator: " ").prefix(8).joined(separator: " ")
            let found = try #require(flat.range(of: start, range: position..<flat.endIndex), "not found in order: \(start)")
            position = found.upperBound
        }
        #expect(flat.contains("US-Japan Alliance Digest Page 1 of 2") || flat.contains("Page 1 of"), "\(flat.suffix(400))")
        #expect(!flat.contains("Download this publication"))
    }

    @Test("the page links to its PDF, and the PDF's links are clickable")
    func links() throws {
        let page = try Self.sites[.a4]!.read("issues/2022-03-10-vol-1.5.html")
        #expect(page.contains("<p class=\"pdf\"><a href=\"2022-03-10-vol-1.5.pdf\">Download this publication (PDF)</a></p>"))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.pdf(.a4, "2022-03-10-vol-1.5")))
        #expect(bytes.range(of: Data("/Subtype /Link".utf8)) != nil || bytes.range(of: Data("/Link".utf8)) != nil)
    }

    @Test("an unchanged rebuild makes no PDF again; a changed issue remakes its own alone")
    func incremental() throws {
        let fixture = try SiteFixture(only: ["2022-02-24-vol-1.4.issue", "2022-03-10-vol-1.5.issue"])
        try fixture.build(pdfEngine: weasyPrint)
        #expect(try fixture.build(pdfEngine: weasyPrint).written.isEmpty)
        let file = fixture.archive.appendingPathComponent("2022-02-24-vol-1.4.issue")
        try Data((try String(contentsOf: file, encoding: .utf8)).replacingOccurrences(of: "Japan", with: "Nippon").utf8).write(to: file)
        let report = try fixture.build(pdfEngine: weasyPrint)
        #expect(report.written.filter { $0.hasSuffix(".pdf") } == ["issues/2022-02-24-vol-1.4.pdf"])
    }
}

@Suite("digest site: without a PDF engine, or with one that hangs")
struct PDFEngineTests {
    @Test("with no engine the site is built without PDFs or links to them, and the next build with one adds them")
    func missing() throws {
        #expect(PDFEngine.find(searchPath: "/nonexistent:/also-not") == nil)
        let fixture = try SiteFixture(only: ["2022-02-24-vol-1.4.issue"])
        let report = try fixture.build(pdfEngine: nil)
        #expect(report.pdfEngineMissing)
        #expect(PDFEngine.installAdvice.contains("apt-get install weasyprint"))
        #expect(!FileManager.default.fileExists(atPath: fixture.output.appendingPathComponent("issues/2022-02-24-vol-1.4.pdf").path))
        #expect(!(try fixture.read("issues/2022-02-24-vol-1.4.html")).contains("2022-02-24-vol-1.4.pdf"))
        guard let engine = weasyPrint else { return }
        let second = try fixture.build(pdfEngine: engine)
        #expect(Set(second.written) == ["issues/2022-02-24-vol-1.4.html", "issues/2022-02-24-vol-1.4.pdf"])
        #expect(try fixture.read("issues/2022-02-24-vol-1.4.html").contains("href=\"2022-02-24-vol-1.4.pdf\""))
    }

    @Test("an engine that hangs is stopped at its timeout, and the build says which PDF failed")
    func hangs() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-hang-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("weasyprint")
        try Data("#!/bin/sh\nexec sleep 300\n".utf8).write(to: script)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        let engine = try #require(PDFEngine.find(searchPath: folder.path))
        let fixture = try SiteFixture(only: ["2022-02-24-vol-1.4.issue"])
        let report = try fixture.build(pdfEngine: PDFEngine(executable: engine.executable, timeoutSeconds: 1))
        #expect(report.pdfFailures.count == 1)
        #expect(
            report.pdfFailures.first?.contains("2022-02-24-vol-1.4.pdf") == true
                && report.pdfFailures.first?.contains("did not finish") == true)
        #expect(!FileManager.default.fileExists(atPath: fixture.output.appendingPathComponent("issues/2022-02-24-vol-1.4.pdf").path))
    }
}
