/// The site's own files (an issue's page, PDF and image are ``DigestCore/SiteLayout``'s), and
/// how one file of the site links to another.
enum SiteFiles {
    /// The front page: every issue by volume.
    static let index = "index.html"
    /// The Atom feed of the latest issues.
    static let feed = "feed.xml"
    /// The sitemap search engines read.
    static let sitemap = "sitemap.xml"
    /// The print styles of every issue's page, which the PDF editions are made with.
    static let printStyle = "print.css"

    /// How a page at `from` links to `to` (both relative to the site's root): `../index.html`.
    static func link(from: String, to: String) -> String {
        var fromFolders = from.split(separator: "/").dropLast()
        var toParts = to.split(separator: "/")
        while let first = fromFolders.first, toParts.count > 1, toParts.first == first {
            fromFolders.removeFirst()
            toParts.removeFirst()
        }
        return (Array(repeating: "..", count: fromFolders.count) + toParts.map(String.init)).joined(separator: "/")
    }
}
