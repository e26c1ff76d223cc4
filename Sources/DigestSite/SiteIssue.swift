import DigestCore
import DigestRender
import Foundation

/// An archived issue as the site shows it: the parsed issue, where its files go, and the
/// fingerprint of its text.
struct SiteIssue {
    /// The issue file, as an editor would name it.
    let path: String
    /// The issue file.
    let url: URL
    let issue: Issue
    let volume: Int
    let number: Int
    let date: IssueDate
    /// The fingerprint of the file's bytes.
    let textFingerprint: UInt64

    var title: String { issue.title?.text ?? "Vol \(volume).\(number)" }
    var pagePath: String { SiteLayout.pagePath(volume: volume, number: number) }
    var pdfPath: String { SiteLayout.pdfPath(volume: volume, number: number) }

    /// The headlines as one line, for link previews and feed summaries.
    var summary: String {
        issue.headlines.items.map(\.plainText).joined(separator: " · ")
    }

    /// The issue's date at midnight UTC in RFC 3339, as Atom and sitemaps write times.
    var timestamp: String { "\(date.iso)T00:00:00Z" }
}
