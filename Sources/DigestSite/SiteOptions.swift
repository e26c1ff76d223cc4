import Foundation

/// How `digest site` builds: where to, for which address, and with which PDF engine.
public struct SiteOptions: Sendable {
    /// The folder the site is written to.
    public var output: URL
    /// The address the site is published at (`site.base-url`); without it, pages carry no
    /// canonical URL or link-preview address, and the feed and sitemap, which need whole
    /// addresses, are left out.
    public var baseURL: String?
    /// The PDF edition's page size.
    public var paper: Paper
    /// How many of the latest issues the feed carries.
    public var feedEntries: Int
    /// The engine that makes the PDF editions; `nil` builds everything else.
    public var pdfEngine: PDFEngine?

    public init(output: URL, baseURL: String? = nil, paper: Paper = .a4, feedEntries: Int = 20, pdfEngine: PDFEngine? = nil) {
        self.output = output
        self.baseURL = baseURL
        self.paper = paper
        self.feedEntries = feedEntries
        self.pdfEngine = pdfEngine
    }
}
