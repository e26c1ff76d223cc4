import DigestCore
import Foundation

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
