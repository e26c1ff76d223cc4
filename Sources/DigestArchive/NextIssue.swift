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

/// The text of a new draft: title, date, five headline and detail placeholders and the footer.
public enum DraftTemplate {
    /// How many headline and detail placeholders a new draft has.
    public static let placeholderCount = 5
    /// Where the footer is wrapped.
    public static let lineWidth = 78

    public static func text(for next: NextIssue, settings: Settings) -> String {
        var lines: [String] = []
        lines.append("# \(settings.title(volume: next.volume, number: next.number)), a new draft.")
        lines.append("# Lines starting with \"#\" are comments and never render. Replace each TODO;")
        lines.append("# a detail may wrap onto lines indented by two spaces. README.md has the rest.")
        lines.append(settings.title(volume: next.volume, number: next.number))
        lines.append("Date: \(next.date.iso)")
        lines.append("# Image Source: credit the lead image here and remove the \"# \", or delete this line.")
        lines.append("")
        lines.append("Headlines")
        for index in 1...placeholderCount {
            lines.append("- TODO headline \(index), in sentence case with no final period")
        }
        lines.append("")
        lines.append("Details")
        for index in 1...placeholderCount {
            lines.append("- TODO detail \(index): the story of headline \(index), with its key names, places")
            lines.append("  and dates")
        }
        lines.append("")
        lines.append("Footer")
        lines += TextWrapper.wrap(settings.publication.footer, width: lineWidth)
        return lines.joined(separator: "\n") + "\n"
    }
}

/// `digest new`: writes the next issue into the drafts folder.
public struct DraftScaffolder: Sendable {
    public let repository: Repository

    public init(repository: Repository) {
        self.repository = repository
    }

    /// Writes the next draft and returns where it is; never overwrites a file.
    public func scaffold(date: IssueDate?, today: IssueDate) throws(ArchiveError) -> (NextIssue, URL) {
        let issues = try IssueCatalog(repository: repository).issues()
        let next = try NextIssue.plan(after: issues, settings: repository.settings, date: date, today: today)
        let url = repository.draftsFolder.appendingPathComponent(next.fileName)
        try NewFileWriter.write(DraftTemplate.text(for: next, settings: repository.settings), to: url)
        return (next, url)
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
