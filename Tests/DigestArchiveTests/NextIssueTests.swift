import DigestArchive
import DigestCore
import DigestTestSupport
import Testing

@Suite("Planning the next issue")
struct NextIssueTests {
    let settings = Settings.thisRepository

    func issue(_ volume: Int, _ number: Int, _ iso: String, draft: Bool = false) -> ArchivedIssue {
        ArchivedIssue(path: "x", url: projectRoot, volume: volume, number: number, date: date(iso), isDraft: draft)
    }

    @Test("after the seeds' archive comes Vol 2.6, one cadence after Vol 2.5")
    func afterTheSeeds() throws {
        let repository = try Repository.locate(from: projectRoot)
        let issues = try IssueCatalog(repository: repository).issues().filter { !$0.isDraft }
        #expect(issues.map { "\($0.volume).\($0.number)" } == ["1.4", "1.5", "1.15", "2.5"])
        let next = try NextIssue.plan(after: issues, settings: settings, date: nil, today: date("2026-11-22"))
        #expect(next.volume == 2)
        #expect(next.number == 6)
        #expect(next.date == date("2023-04-06"))
        #expect(next.fileName == "2023-04-06-vol-2.6.issue")
    }

    @Test("a date in a new year starts a new volume at number 1")
    func yearRollover() throws {
        let next = try NextIssue.plan(after: [issue(2, 26, "2023-12-21")], settings: settings, date: nil, today: date("2026-11-22"))
        #expect((next.volume, next.number) == (3, 1))
        #expect(next.date == date("2024-01-04"))
    }

    @Test("a date that skips a year still takes the volume of its own year")
    func skippedYear() throws {
        let next = try NextIssue.plan(
            after: [issue(2, 5, "2023-03-23")], settings: settings, date: date("2025-01-09"), today: date("2026-11-22"))
        #expect((next.volume, next.number) == (4, 1))
    }

    @Test("--date keeps the number sequence within the year")
    func explicitDate() throws {
        let next = try NextIssue.plan(
            after: [issue(2, 5, "2023-03-23")], settings: settings, date: date("2023-04-13"), today: date("2026-11-22"))
        #expect((next.volume, next.number) == (2, 6))
        #expect(next.date == date("2023-04-13"))
    }

    @Test("drafts count: the next number follows the latest draft")
    func followsDrafts() throws {
        let issues = [issue(2, 5, "2023-03-23"), issue(2, 6, "2023-04-06", draft: true)]
        let next = try NextIssue.plan(after: issues, settings: settings, date: nil, today: date("2026-11-22"))
        #expect((next.volume, next.number) == (2, 7))
        #expect(next.date == date("2023-04-20"))
    }

    @Test("a date on or before the latest issue is refused")
    func dateBeforeLatest() {
        #expect(throws: ArchiveError.self) {
            try NextIssue.plan(after: [issue(2, 5, "2023-03-23")], settings: settings, date: date("2023-03-23"), today: date("2026-11-22"))
        }
        #expect(throws: ArchiveError.self) {
            try NextIssue.plan(after: [issue(2, 5, "2023-03-23")], settings: settings, date: date("2022-12-01"), today: date("2026-11-22"))
        }
    }

    @Test("a date before the first volume's year is refused")
    func beforeFirstVolume() {
        #expect(throws: ArchiveError.self) {
            try NextIssue.plan(after: [], settings: settings, date: date("2021-06-01"), today: date("2026-11-22"))
        }
    }

    @Test("with no issue at all, the first is number 1 of today's volume")
    func emptyArchive() throws {
        let next = try NextIssue.plan(after: [], settings: settings, date: nil, today: date("2026-11-22"))
        #expect((next.volume, next.number) == (5, 1))
        #expect(next.date == date("2026-11-22"))
    }
}
