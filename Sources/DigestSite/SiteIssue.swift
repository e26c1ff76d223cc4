import DigestCore
import Foundation

/// An archived issue as the site shows it: what the index, the neighbours' links and the
/// feed need of it, where its files go, and the fingerprint of its text. Parsed once when
/// new or changed; an unchanged issue's summary comes from the manifest, and it is parsed
/// only when one of its own files is made.
struct SiteIssue: Sendable {
    /// The issue file, as an editor would name it.
    let path: String
    /// The issue file.
    let url: URL
    /// The file's bytes, parsed again when a page, PDF or feed entry needs the issue itself.
    let bytes: [UInt8]
    /// The fingerprint of the file's bytes.
    let textFingerprint: UInt64
    /// What the site shows of the issue without parsing it.
    let summary: IssueSummary
    /// The fingerprint of the lead image's bytes, when the issue has one.
    var imageFingerprint: UInt64?
    /// The issue as the build parsed it, when its summary was not in the manifest: its page
    /// is then made from this rather than parsed a second time.
    var parsed: Issue?

    /// The issue's date, and where its files go: worked out once, since the lists ask for
    /// every issue's page and date on every build.
    let date: IssueDate
    let layout: SiteLayout
    let pagePath: String

    init(path: String, url: URL, bytes: [UInt8], textFingerprint: UInt64, summary: IssueSummary) {
        self.path = path
        self.url = url
        self.bytes = bytes
        self.textFingerprint = textFingerprint
        self.summary = summary
        date = IssueDate(iso: summary.date) ?? IssueDate(iso: "2000-01-01")!
        layout = SiteLayout(volume: summary.volume, number: summary.number, date: date)
        pagePath = layout.pagePath
    }

    var volume: Int { summary.volume }
    var number: Int { summary.number }
    var title: String { summary.title }
    var pdfPath: String { layout.pdfPath }
    /// Where the lead image is copied to on the site, when the issue has one.
    var imagePath: String? {
        summary.image.map {
            layout.imagePath(
                for: LeadImage(path: $0, location: NodeLocation(SourceRange(start: SourcePosition(line: 1, column: 1), length: 0))))
        }
    }
    /// The lead image's file beside the issue file.
    var imageSource: URL? { summary.image.map { url.deletingLastPathComponent().appendingPathComponent($0) } }

    /// The issue's date at midnight UTC in RFC 3339, as Atom and sitemaps write times.
    var timestamp: String { "\(summary.date)T00:00:00Z" }

    /// The issue, parsed from its bytes.
    func issue(_ parser: IssueParser) -> Issue {
        parsed ?? parser.parse(bytes: bytes, path: path).issue
    }
}

/// What the index, the neighbours' links, the feed and the sitemap show of an issue, kept in
/// the manifest by the fingerprint of its text so that an unchanged issue is not parsed.
struct IssueSummary: Sendable, Equatable {
    var volume: Int
    var number: Int
    /// `2022-03-10`.
    var date: String
    var title: String
    /// The headlines as one line, for link previews and feed summaries.
    var headlineLine: String
    /// The lead image's path beside the issue file, and its alternative text.
    var image: String?
    var imageAlt: String?
    /// Where `Image:` is written (`3:8`), for an error about the file.
    var imageLocation: String?
    /// The issue's entry in the index, rendered through `site-index-entry.mustache`.
    var indexEntry: String
}
