/// Where an issue's files live on the published site, relative to its root (`site.base-url`):
/// the page, the PDF edition and the lead image. `digest site` writes them there, and the
/// editions link to them, so both read the places from here.
public enum SiteLayout {
    /// The front page: every issue by volume.
    public static let indexPath = "index.html"
    /// The Atom feed of the latest issues.
    public static let feedPath = "feed.xml"
    /// The sitemap search engines read.
    public static let sitemapPath = "sitemap.xml"
    /// The print styles of every issue's page, which the PDF editions are made with.
    public static let printStylePath = "print.css"

    /// The name every file of an issue starts with: `vol-2.6`. The volume and number are
    /// unique in an archive and do not change when a date is mended.
    public static func slug(volume: Int, number: Int) -> String {
        "vol-\(volume).\(number)"
    }

    /// The page: `issues/vol-2.6.html`.
    public static func pagePath(volume: Int, number: Int) -> String {
        "issues/\(slug(volume: volume, number: number)).html"
    }

    /// The PDF edition: `issues/vol-2.6.pdf`.
    public static func pdfPath(volume: Int, number: Int) -> String {
        "issues/\(slug(volume: volume, number: number)).pdf"
    }

    /// The lead image, with the extension of its file (`jpg`, `png`, `webp`):
    /// `images/vol-2.6.jpg`.
    public static func imagePath(volume: Int, number: Int, fileExtension: String) -> String {
        "images/\(slug(volume: volume, number: number)).\(fileExtension.lowercased())"
    }

    /// `path` on the site at `baseURL` (`https://example.org/digest`, with or without a final slash).
    public static func url(_ path: String, base baseURL: String) -> String {
        (baseURL.hasSuffix("/") ? baseURL : baseURL + "/") + path
    }

    /// How a page at `from` links to `to` (both relative to the site's root): `../index.html`.
    public static func link(from: String, to: String) -> String {
        var fromFolders = from.split(separator: "/").dropLast()
        var toParts = to.split(separator: "/")
        while let first = fromFolders.first, toParts.count > 1, toParts.first == first {
            fromFolders.removeFirst()
            toParts.removeFirst()
        }
        return (Array(repeating: "..", count: fromFolders.count) + toParts.map(String.init)).joined(separator: "/")
    }
}
