import DigestCore
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
    /// The fingerprint of the lead image's bytes, when the issue has one.
    var imageFingerprint: UInt64?

    var layout: SiteLayout { SiteLayout(volume: volume, number: number, date: date) }
    var pagePath: String { layout.pagePath }
    var pdfPath: String { layout.pdfPath }
    /// Where the lead image is copied to on the site, when the issue has one.
    var imagePath: String? { issue.leadImage.map { layout.imagePath(for: $0) } }
    /// The lead image's file beside the issue file.
    var imageSource: URL? { issue.leadImage.map { url.deletingLastPathComponent().appendingPathComponent($0.path) } }

    /// The headlines as one line, for link previews and feed summaries.
    var summary: String {
        issue.headlines.items.map(\.plainText).joined(separator: " · ")
    }

    /// The issue's date at midnight UTC in RFC 3339, as Atom and sitemaps write times.
    var timestamp: String { "\(date.iso)T00:00:00Z" }
}
