import DigestCore
import Foundation

/// The next issue's volume, number and date, worked out from the archive and the drafts.
public struct NextIssue: Equatable, Sendable {
    public var volume: Int
    public var number: Int
    public var date: IssueDate
    /// The issue it follows, if there is one.
    public var previous: ArchivedIssue?

    /// Plans the issue after `issues` (sorted by volume and number).
    ///
    /// - The date is one cadence after the latest issue unless `date` is given (and with no
    ///   issue at all, `today`).
    /// - The volume is the date's year under the volume rule; the number is one more than the
    ///   latest issue's in the same volume, or 1 in a new volume.
    public static func plan(
        after issues: [ArchivedIssue], settings: Settings, date requested: IssueDate?, today: IssueDate
    ) throws(ArchiveError) -> NextIssue {
        let latest = issues.last
        let date = requested ?? latest.map { $0.date.adding(days: settings.schedule.cadenceDays) } ?? today
        guard let volume = settings.schedule.volume(for: date) else {
            throw .dateBeforeFirstVolume(date: date, firstYear: settings.schedule.firstVolumeYear)
        }
        guard let latest else {
            return NextIssue(volume: volume, number: 1, date: date, previous: nil)
        }
        if date <= latest.date || volume < latest.volume {
            throw .dateBeforeLatest(date: date, latest: latest)
        }
        let number = volume == latest.volume ? latest.number + 1 : 1
        return NextIssue(volume: volume, number: number, date: date, previous: latest)
    }

    /// The draft's file name, such as `2023-04-06-vol-2.6.issue`.
    public var fileName: String {
        IssueCatalog.fileName(volume: volume, number: number, date: date)
    }
}

extension IssueDate {
    /// Today in UTC.
    public static var today: IssueDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        return IssueDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}
