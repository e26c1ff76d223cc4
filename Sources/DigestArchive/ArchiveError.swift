import DigestCore

/// What can go wrong reading the archive, importing an issue or scaffolding the next one.
public enum ArchiveError: Error, Sendable, CustomStringConvertible {
    /// No `digest.yaml` in the folder or any folder above it.
    case noRepository(start: String)
    /// `digest.yaml` is malformed.
    case settings(SettingsError)
    /// A file or folder could not be read or written.
    case io(path: String, reason: String)
    /// Issues whose number or date cannot be read, so the next number is unknown.
    case unnumbered([Diagnostic])
    /// The requested date is before the first volume.
    case dateBeforeFirstVolume(date: IssueDate, firstYear: Int)
    /// The requested date is before the latest issue.
    case dateBeforeLatest(date: IssueDate, latest: ArchivedIssue)
    /// The file to write is already there.
    case fileExists(path: String)
    /// The file given to `digest import` is not an issue.
    case notAnIssue(path: String, reason: String)
    /// `digest import` needs something the file does not say.
    case importNeeds(path: String, what: String)

    public var description: String {
        switch self {
        case .noRepository(let start):
            "no \(SettingsFile.name) in \(start) or any folder above it; run digest inside the newsletter's repository"
        case .settings(let error):
            error.description
        case .io(let path, let reason):
            "\(path): \(reason)"
        case .unnumbered(let diagnostics):
            diagnostics.map(\.formatted).joined(separator: "\n")
                + "\nthe next issue's number depends on these files; mend their title and Date lines first"
        case .dateBeforeFirstVolume(let date, let firstYear):
            "\(date) is before \(firstYear), the year of Vol 1; check the date"
        case .dateBeforeLatest(let date, let latest):
            "\(date) is before the latest issue, Vol \(latest.volume).\(latest.number) of \(latest.date) (\(latest.path)); give a later --date"
        case .fileExists(let path):
            "\(path) already exists; digest never overwrites a file, so move or delete it first"
        case .notAnIssue(let path, let reason):
            "\(path): \(reason)"
        case .importNeeds(let path, let what):
            "\(path): \(what)"
        }
    }
}
