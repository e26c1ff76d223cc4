import DigestArchive
import DigestCore
import DigestTestSupport
import Foundation
import Testing

@Suite("digest import")
struct ImporterTests {
    struct Seed: CustomTestStringConvertible, Sendable {
        var file: String
        var volume: (Int, Int)?
        var date: String
        var archived: String
        var testDescription: String { file }
    }

    /// The four seed issues and how the archive was made from them (README.md, "The archive").
    static let seeds = [
        Seed(file: "001_e7fb737caaee84f6.txt", volume: nil, date: "2022-02-24", archived: "2022-02-24-vol-1.4.issue"),
        Seed(file: "000_735bc720d73eead6.txt", volume: (1, 5), date: "2022-03-10", archived: "2022-03-10-vol-1.5.issue"),
        Seed(file: "002_3105c058739d8676.txt", volume: (1, 15), date: "2022-08-04", archived: "2022-08-04-vol-1.15.issue"),
        Seed(file: "003_3fc3ef67255dc944.txt", volume: nil, date: "2023-03-23", archived: "2023-03-23-vol-2.5.issue"),
    ]

    let importer = Importer(settings: .thisRepository)

    func seedBytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: projectRoot.appendingPathComponent("seeds/\(name)")))
    }

    @Test("each seed issue imports to exactly the committed archive file, but for the editors' comments", arguments: seeds)
    func matchesArchive(seed: Seed) throws {
        let result = try importer.convert(
            bytes: try seedBytes(seed.file), path: seed.file, volume: seed.volume, date: date(seed.date))
        let archived = try String(
            decoding: Data(contentsOf: projectRoot.appendingPathComponent("seeds/archive/\(seed.archived)")), as: UTF8.self)
        // Comments (why a number or date was chosen, a lint directive) never render.
        let withoutComments = archived.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("#") }
        #expect(result.text == withoutComments.joined(separator: "\n"))
        #expect(IssueCatalog.fileName(volume: result.volume, number: result.number, date: result.date) == seed.archived)
    }

    @Test("every word of the issue is kept: headlines, details and footer read as in the seed", arguments: seeds)
    func keepsEveryWord(seed: Seed) throws {
        let source = String(decoding: try seedBytes(seed.file), as: UTF8.self)
        let result = try importer.convert(bytes: try seedBytes(seed.file), path: seed.file, volume: seed.volume, date: date(seed.date))
        let issue = result.issue
        var kept = issue.headlines.items.map(\.body.text) + issue.details.items.map(\.body.text)
        kept.append(issue.footer.body?.text ?? "")
        // Each headline, detail and the footer appears verbatim as one line of the seed.
        let seedLines = Set(
            source.split(separator: "\n").map { line in
                var text = line.drop { $0 == " " || $0 == "\u{2022}" || $0 == "-" }
                while text.first == " " { text = text.dropFirst() }
                return String(text)
            })
        for text in kept {
            #expect(seedLines.contains(text), "not found verbatim in the seed: \(text.prefix(60))…")
        }
        // Nothing else of the seed is lost except site chrome, which is reported line by line.
        let reported = Set(result.notes.map(\.range.start.line))
        let used = source.split(separator: "\n", omittingEmptySubsequences: false).enumerated().filter { index, line in
            let text = line.trimmingCharacters(in: .whitespaces)
            return !text.isEmpty && !reported.contains(index + 1)
        }
        let usedText = used.map { $0.1.trimmingCharacters(in: .whitespaces) }
        let expected =
            ["Headlines", "Details"] + (issue.title.map { [$0.text] } ?? [])
            + (issue.imageCredit.map { ["Image Source: \($0)"] } ?? [])
        for text in usedText where !expected.contains(text) {
            let body = text.drop { $0 == "-" || $0 == "\u{2022}" || $0 == " " }
            #expect(kept.contains(String(body)), "a line was neither kept nor reported: \(text.prefix(60))")
        }
    }

    @Test("the web copy's site chrome is left out and each dropped line is reported")
    func reportsChrome() throws {
        let result = try importer.convert(
            bytes: try seedBytes("001_e7fb737caaee84f6.txt"), path: "001.txt", volume: nil, date: date("2022-02-24"))
        let chrome = result.notes.filter { $0.message.hasPrefix("left out site chrome") }.map(\.range.start.line)
        #expect(chrome == [3, 5, 7, 26, 28, 30])
        #expect(result.issue.imageCredit == "Korea Herald")
        #expect(result.issue.title?.text == "US-Japan Alliance Digest Vol 1.4")
    }

    @Test("the source article is refused, saying why")
    func refusesArticle() throws {
        do {
            _ = try importer.convert(
                bytes: try seedBytes("004_f47dd6ea90f35819.txt"), path: "004.txt", volume: (1, 3), date: date("2022-02-15"))
            Issue.record("the article was imported")
        } catch {
            #expect("\(error)".contains("not an issue of the digest"))
            #expect("\(error)".contains("like an article"))
        }
    }

    @Test("a plain issue without --volume, or any issue without --date, is refused with what to pass")
    func needsVolumeAndDate() throws {
        #expect(throws: ArchiveError.self) {
            try importer.convert(bytes: try seedBytes("000_735bc720d73eead6.txt"), path: "000.txt", volume: nil, date: date("2022-03-10"))
        }
        do {
            _ = try importer.convert(bytes: try seedBytes("001_e7fb737caaee84f6.txt"), path: "001.txt", volume: nil, date: nil)
            Issue.record("imported without a date")
        } catch {
            #expect("\(error)".contains("--date YYYY-MM-DD"))
        }
    }

    @Test("--volume that contradicts the title is refused")
    func contradictoryVolume() throws {
        do {
            _ = try importer.convert(
                bytes: try seedBytes("003_3fc3ef67255dc944.txt"), path: "003.txt", volume: (2, 6), date: date("2023-03-23"))
            Issue.record("imported with a contradictory volume")
        } catch {
            #expect("\(error)".contains("the title says Vol 2.5 but --volume says 2.6"))
        }
    }

    @Test("binary junk is refused, not imported")
    func refusesBinary() {
        #expect(throws: ArchiveError.self) {
            try importer.convert(bytes: [0x00, 0xFF, 0x12, 0x0A], path: "junk.bin", volume: (1, 1), date: date("2022-01-13"))
        }
    }
}
