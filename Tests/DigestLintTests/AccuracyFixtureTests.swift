import DigestArchive
import DigestCore
import DigestTestSupport
import Foundation
import Testing

@testable import DigestLint

/// The synthetic issues of Fixtures/Accuracy, written in the house style with slips marked
/// `⟦class:text⟧` (Tests/Benchmarks/lint-accuracy.py prints the same count by class): linted
/// together with the archive, as `digest lint` lints the files named on one command line.
@Suite("Slips by class in the synthetic issues")
struct AccuracyFixtureTests {
    struct Slip {
        var file: String
        var line: Int
        var columns: Range<Int>
        var kind: String
    }

    static let footer = """
        Footer
        “US-Japan Alliance Digest” is a bi-weekly summary of bilateral and related
        developments compiled by Sasakawa USA’s “US-Japan NEXT Alliance Initiative.”
        To receive “Alliance Digest” via email, contact egulum@spfusa.org

        """
    /// Rules about the frame (title, numbering, cadence, footer, headlines matching details),
    /// which the fixtures' made-up frames do not test.
    static let frameRules: Set<String> = ["title", "numbering", "cadence", "footer", "headlines-match-details"]

    /// The fixtures as issues (name, text) and their slips, markers taken out.
    static func fixtures() throws -> (issues: [(name: String, text: String)], slips: [Slip]) {
        let folder = projectRoot.appendingPathComponent("Tests/DigestLintTests/Fixtures/Accuracy")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".marked") }.sorted()
        var issues: [(String, String)] = []
        var slips: [Slip] = []
        var day = DateComponents(
            calendar: Calendar(identifier: .gregorian), timeZone: TimeZone(identifier: "UTC"), year: 2025, month: 1, day: 9
        ).date!
        for (index, name) in names.enumerated() {
            let date = ISO8601DateFormatter.string(from: day, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
            day = day.addingTimeInterval(14 * 86_400)
            let file = "\(date)-vol-4.\(index + 1).issue"
            let marked = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            let whole =
                "US-Japan Alliance Digest Vol 4.\(index + 1)\nDate: \(date)\n\n" + marked.trimmingCharacters(in: .newlines) + "\n\n"
                + footer
            var lines: [String] = []
            for (lineIndex, line) in whole.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                var plain: [Unicode.Scalar] = []
                var scalars = Array(line.unicodeScalars)[...]
                while let open = scalars.firstIndex(of: "⟦") {
                    plain += scalars[..<open]
                    let close = scalars[open...].firstIndex(of: "⟧")!
                    let inside = String(String.UnicodeScalarView(scalars[(open + 1)..<close]))
                    let colon = inside.firstIndex(of: ":")!
                    let text = inside[inside.index(after: colon)...]
                    let start = plain.count + 1
                    slips.append(
                        Slip(
                            file: file, line: lineIndex + 1, columns: start..<start + text.unicodeScalars.count,
                            kind: String(inside[..<colon])))
                    plain += text.unicodeScalars
                    scalars = scalars[(close + 1)...]
                }
                plain += scalars
                lines.append(String(String.UnicodeScalarView(plain)))
            }
            issues.append((file, lines.joined(separator: "\n")))
        }
        return (issues, slips)
    }

    @Test("at least 90% of the slips are caught in every class together, with at most one false alarm per ten issues")
    func catchesSlips() throws {
        let repository = try Repository.locate(from: projectRoot)
        let corpus = IssueCorpus(entries: IssueCorpus.load(from: repository).entries.filter { !$0.isDraft })
        let (issues, slips) = try Self.fixtures()
        let files = issues.map { (filePath: "/fixtures/\($0.name)", path: $0.name, bytes: Array($0.text.utf8)) }
        let linter = Linter(settings: repository.settings, corpus: corpus).including(files)
        var caught = Set<Int>()
        var falseAlarms: [String] = []
        for file in files {
            for diagnostic in linter.lint(bytes: file.bytes, path: file.path, filePath: file.filePath).diagnostics
            where !Self.frameRules.contains(diagnostic.rule) {
                let start = diagnostic.range.start
                let end = diagnostic.range.end
                let hits = slips.indices.filter { index in
                    let slip = slips[index]
                    return slip.file == file.path && slip.line == start.line && start.column < slip.columns.upperBound
                        && (end.line > start.line || end.column > slip.columns.lowerBound)
                }
                if hits.isEmpty {
                    falseAlarms.append("\(diagnostic.path):\(start.line):\(start.column) [\(diagnostic.rule)] \(diagnostic.message)")
                }
                caught.formUnion(hits)
            }
        }
        let missed = slips.indices.filter { !caught.contains($0) }.map {
            "\(slips[$0].kind) \(slips[$0].file):\(slips[$0].line):\(slips[$0].columns.lowerBound)"
        }
        #expect(caught.count * 10 >= slips.count * 9, "caught \(caught.count) of \(slips.count); missed \(missed)")
        #expect(falseAlarms.count * 10 <= issues.count, "false alarms: \(falseAlarms)")
    }

    @Test("files linted together are compared with each other: MoU in one, MOU in the other")
    func filesComparedTogether() {
        func issue(_ number: Int, _ detail: String) -> (filePath: String, path: String, bytes: [UInt8]) {
            let text =
                "US-Japan Alliance Digest Vol 4.\(number)\nDate: 2025-01-09\n\nHeadlines\n- Japan and UK sign deal\n\nDetails\n- \(detail)\n\n"
                + Self.footer
            return ("/run/\(number).issue", "\(number).issue", Array(text.utf8))
        }
        let first = issue(1, "Japan and the UK signed an MOU on engines, and the MOU covers tests.")
        let second = issue(2, "Japan and the UK signed an MoU on radars in London.")
        let alone = Linter(settings: .thisRepository)
        #expect(
            !alone.lint(bytes: second.bytes, path: second.path, filePath: second.filePath).diagnostics.contains {
                $0.rule == "consistent-terms"
            })
        let together = alone.including([first, second])
        let findings = together.lint(bytes: second.bytes, path: second.path, filePath: second.filePath).diagnostics
        #expect(findings.contains { $0.rule == "consistent-terms" && $0.message.contains("\"MoU\" is written \"MOU\" in 1.issue") })
    }

    @Test("katakana readings become Hepburn names, with and without long vowels")
    func romanises() {
        // Three lines of the dictionary's EUC-JP CSV: キハラ, ショウヘイ, ハットリ in the twelfth field.
        func euc(_ katakana: String) -> [UInt8] {
            katakana.unicodeScalars.flatMap { scalar -> [UInt8] in
                scalar.value == 0x30FC ? [0xA1, 0xBC] : [0xA5, UInt8(0xA1 + scalar.value - 0x30A1)]
            }
        }
        var csv: [UInt8] = []
        for reading in ["キハラ", "ショウヘイ", "ハットリ", "ユーコ"] {
            csv += Array("x,1,1,1,a,b,c,d,*,*,x,".utf8) + euc(reading) + Array(",x\n".utf8)
        }
        let names = JapaneseNames.romanised(csv: csv)
        #expect(names.isSuperset(of: ["kihara", "shouhei", "shohei", "hattori", "yuuko", "yuko"]))
        #expect(!names.contains("kiahra"))
    }
}
