import DigestArchive
import Foundation

/// What a build did, for the command to print and the tests to check.
public struct SiteReport: Sendable {
    /// The site's folder.
    public var output: URL
    /// How many archived issues the site holds.
    public var issues: Int
    /// The files written, relative to the site's root, in the order they were written.
    public var written: [String]
    /// How many files were already up to date.
    public var unchanged: Int
    /// Files of an earlier build that no longer belong to the site.
    public var removed: [String]
    /// Why PDFs could not be made, one line each.
    public var pdfFailures: [String]
    /// Whether the PDFs were left out for want of an engine.
    public var pdfEngineMissing: Bool
    /// Whether the feed and sitemap were built (they need `site.base-url`).
    public var hasFeed: Bool

    /// The summary `digest site` prints.
    public var summary: String {
        let index = displayPath(of: output.appendingPathComponent("index.html"))
        let pdfs = written.filter { $0.hasSuffix(".pdf") }.count
        return
            "\(issues) issues: wrote \(written.count) files (\(pdfs) PDFs), \(unchanged) unchanged\(removed.isEmpty ? "" : ", removed \(removed.count)"); open \(index)"
    }
}
