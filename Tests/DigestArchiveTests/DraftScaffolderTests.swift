import DigestArchive
import DigestCore
import Foundation
import Testing

@Suite("digest new")
struct DraftScaffolderTests {
    @Test("writes Vol 2.6 after the seeds, well-formed, with five placeholders and the settings' footer")
    func scaffoldsAfterArchive() throws {
        let fixture = try TestRepository()
        let repository = try fixture.repository()
        let (next, url) = try DraftScaffolder(repository: repository).scaffold(date: nil, today: date("2026-11-22"))
        #expect(url.lastPathComponent == "2023-04-06-vol-2.6.issue")
        #expect(url.deletingLastPathComponent().lastPathComponent == "Drafts")
        #expect((next.volume, next.number) == (2, 6))

        let result = repository.settings.parser.parse(bytes: Array(try Data(contentsOf: url)), path: url.path)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.formatted))")
        #expect(result.issue.title?.text == "US-Japan Alliance Digest Vol 2.6")
        #expect(result.issue.date == date("2023-04-06"))
        #expect(result.issue.headlines.items.count == 5)
        #expect(result.issue.details.items.count == 5)
        #expect(result.issue.footer.body?.text == repository.settings.publication.footer)
        // The draft is already in canonical form, so `digest format` leaves it alone.
        #expect(IssuePrinter.print(result.issue) == (try fixture.read("Drafts/2023-04-06-vol-2.6.issue")))
    }

    @Test("a second run numbers the next draft after the first")
    func secondRun() throws {
        let fixture = try TestRepository()
        let scaffolder = DraftScaffolder(repository: try fixture.repository())
        _ = try scaffolder.scaffold(date: nil, today: date("2026-11-22"))
        let (next, url) = try scaffolder.scaffold(date: nil, today: date("2026-11-22"))
        #expect((next.volume, next.number) == (2, 7))
        #expect(url.lastPathComponent == "2023-04-20-vol-2.7.issue")
    }

    @Test("never overwrites a file: a file already holding the next draft's name is left as it was")
    func refusesToOverwrite() throws {
        let fixture = try TestRepository()
        // A well-formed issue, misfiled under the name the next draft would take.
        let misfiled = minimalIssue(volume: 2, number: 3, date: "2023-02-09")
        try fixture.write(misfiled, to: "Drafts/2023-04-06-vol-2.6.issue")
        let scaffolder = DraftScaffolder(repository: try fixture.repository())
        do {
            _ = try scaffolder.scaffold(date: nil, today: date("2026-11-22"))
            Issue.record("expected a refusal")
        } catch {
            #expect(
                "\(error)" == "Drafts/2023-04-06-vol-2.6.issue already exists; digest never overwrites a file, so move or delete it first"
                    || "\(error)".hasSuffix(
                        "2023-04-06-vol-2.6.issue already exists; digest never overwrites a file, so move or delete it first")
            )
        }
        #expect(try fixture.read("Drafts/2023-04-06-vol-2.6.issue") == misfiled)
    }

    @Test("never overwrites a file even when the name is taken by a file the catalog cannot see")
    func refusesToOverwriteUnseenFile() throws {
        let fixture = try TestRepository()
        try FileManager.default.createDirectory(
            at: fixture.root.appendingPathComponent("Drafts/2023-04-06-vol-2.6.issue"), withIntermediateDirectories: true)
        let scaffolder = DraftScaffolder(repository: try fixture.repository())
        do {
            _ = try scaffolder.scaffold(date: nil, today: date("2026-11-22"))
            Issue.record("expected a refusal")
        } catch {
            guard case .fileExists = error else {
                Issue.record("expected .fileExists, got \(error)")
                return
            }
        }
    }

    @Test("works from any folder inside the repository")
    func fromSubfolder() throws {
        let fixture = try TestRepository()
        let deep = fixture.root.appendingPathComponent("Drafts/notes/deeper")
        try FileManager.default.createDirectory(at: deep, withIntermediateDirectories: true)
        let repository = try Repository.locate(from: deep)
        #expect(repository.root.path == fixture.root.standardizedFileURL.path)
        let (_, url) = try DraftScaffolder(repository: repository).scaffold(date: nil, today: date("2026-11-22"))
        #expect(url.path == fixture.root.appendingPathComponent("Drafts/2023-04-06-vol-2.6.issue").standardizedFileURL.path)
    }

    @Test("a year rollover in the archive gives number 1 of the new volume")
    func rolloverFromArchive() throws {
        let fixture = try TestRepository(archive: [
            "2023-12-21-vol-2.26.issue": minimalIssue(volume: 2, number: 26, date: "2023-12-21")
        ])
        let (next, url) = try DraftScaffolder(repository: try fixture.repository()).scaffold(date: nil, today: date("2026-11-22"))
        #expect((next.volume, next.number) == (3, 1))
        #expect(url.lastPathComponent == "2024-01-04-vol-3.1.issue")
    }

    @Test("an archived issue whose title cannot be read stops the count with its position")
    func unreadableTitle() throws {
        let fixture = try TestRepository(archive: [
            "broken.issue": "Alliance news, number six\nDate: 2023-04-06\n"
        ])
        do {
            _ = try DraftScaffolder(repository: try fixture.repository()).scaffold(date: nil, today: date("2026-11-22"))
            Issue.record("expected a refusal")
        } catch {
            #expect("\(error)".contains("broken.issue:1:1: error: the title must have the form"))
        }
    }

    @Test("no settings file anywhere above is a clear error")
    func noRepository() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-none-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: ArchiveError.self) { try Repository.locate(from: folder) }
    }
}
