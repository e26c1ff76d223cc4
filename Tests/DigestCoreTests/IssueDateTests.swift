import DigestCore
import DigestTestSupport
import Testing

/// Issue dates are calendar days; `digest new` adds the cadence to the last issue's date.
@Suite("IssueDate")
struct IssueDateTests {
    @Test(
        "valid ISO dates",
        arguments: [
            ("2023-04-06", 2023, 4, 6),
            ("2024-02-29", 2024, 2, 29),  // divisible by 4
            ("2000-02-29", 2000, 2, 29),  // divisible by 400
            ("2022-12-31", 2022, 12, 31),
            ("0001-01-01", 1, 1, 1),
            ("9999-12-31", 9999, 12, 31),
        ])
    func validDates(text: String, year: Int, month: Int, day: Int) throws {
        let date = try #require(IssueDate(iso: text))
        #expect((date.year, date.month, date.day) == (year, month, day))
        #expect(date.iso == text)
        #expect(IssueDate(year: year, month: month, day: day) == date)
    }

    @Test(
        "invalid dates are rejected",
        arguments: [
            "2023-02-29",  // not a leap year
            "1900-02-29",  // divisible by 100 but not 400
            "2023-02-30",
            "2023-04-31",
            "2023-13-01",
            "2023-00-10",
            "2023-01-00",
            "0000-01-01",
            "2023-4-6",
            "23-04-06",
            "2023/04/06",
            "2023-04-06 ",
            " 2023-04-06",
            "2023-04-06T00:00",
            "+023-04-06",
            "2023-04--6",
            "２０２３-04-06",  // full-width digits
            "March 5, 2023",
            "",
        ])
    func invalidDates(text: String) {
        #expect(IssueDate(iso: text) == nil)
    }

    @Test("the components are checked too")
    func invalidComponents() {
        #expect(IssueDate(year: 2023, month: 2, day: 29) == nil)
        #expect(IssueDate(year: 2023, month: 6, day: 31) == nil)
        #expect(IssueDate(year: 10000, month: 1, day: 1) == nil)
        #expect(IssueDate(year: 2024, month: 2, day: 29) != nil)
    }

    @Test(
        "adding days crosses months, leap days and year ends",
        arguments: [
            ("2022-12-22", 14, "2023-01-05"),
            ("2023-12-28", 14, "2024-01-11"),
            ("2024-02-22", 14, "2024-03-07"),  // through February 29
            ("2023-02-22", 14, "2023-03-08"),
            ("2024-02-28", 1, "2024-02-29"),
            ("2024-03-01", -1, "2024-02-29"),
            ("2023-01-05", -14, "2022-12-22"),
            ("2022-02-24", 364, "2023-02-23"),
            ("2024-01-01", 366, "2025-01-01"),
            ("1999-12-31", 1, "2000-01-01"),
            ("2023-04-06", 0, "2023-04-06"),
        ])
    func addingDays(start: String, days: Int, end: String) throws {
        let from = try #require(IssueDate(iso: start))
        let to = try #require(IssueDate(iso: end))
        #expect(from.adding(days: days) == to)
        #expect(from.days(until: to) == days)
        #expect(to.days(until: from) == -days)
    }

    @Test("days between the archived issues follow the fortnightly cadence")
    func archiveCadence() throws {
        // 2022-02-24 (Vol 1.4) and 2022-08-11 are twelve fortnights apart.
        let first = try #require(IssueDate(iso: "2022-02-24"))
        let later = try #require(IssueDate(iso: "2022-08-11"))
        #expect(first.days(until: later) == 12 * 14)
    }

    @Test("adding and counting days agree over a long span")
    func addingMatchesCounting() throws {
        var generator = SplitMix64.forTest(seed: 2024)
        let start = try #require(IssueDate(iso: "1970-01-01"))
        var previous = start
        for _ in 0..<500 {
            let step = Int.random(in: 1...400, using: &generator)
            let next = previous.adding(days: step)
            #expect(previous.days(until: next) == step)
            #expect(previous < next)
            // Every date produced is a real calendar day that reads back the same.
            #expect(IssueDate(iso: next.iso) == next)
            previous = next
        }
    }

    @Test(
        "the long form is how the publication writes dates",
        arguments: [
            ("2022-03-08", "March 8, 2022"),
            ("2023-04-06", "April 6, 2023"),
            ("2022-12-31", "December 31, 2022"),
            ("2024-01-01", "January 1, 2024"),
        ])
    func longForm(iso: String, long: String) throws {
        #expect(try #require(IssueDate(iso: iso)).long == long)
    }

    @Test("dates order by day")
    func ordering() throws {
        let dates = try ["2023-01-01", "2022-12-31", "2022-02-24", "2023-03-23"].map { try #require(IssueDate(iso: $0)) }
        #expect(dates.sorted().map(\.description) == ["2022-02-24", "2022-12-31", "2023-01-01", "2023-03-23"])
    }
}
