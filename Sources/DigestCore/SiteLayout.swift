/// Where an issue's files sit on the published site, relative to the site's root.
///
/// Kept in one place because three parts must agree: `digest site` writes the files here,
/// the HTML email links the lead image at its address on the site, and the web edition
/// refers to the image beside its page.
///
///     issues/2022-02-24-vol-1.4.html   the issue's page
///     issues/2022-02-24-vol-1.4.pdf    its PDF edition
///     issues/2022-02-24-vol-1.4.jpg    its lead image (the file's own extension)
public struct SiteLayout: Equatable, Sendable {
    /// The folder of issue pages, PDFs and images.
    public static let issuesFolder = "issues"

    /// `2022-02-24-vol-1.4`: the issue's archive file name without `.issue`.
    public let stem: String

    public init(volume: Int, number: Int, date: IssueDate) {
        stem = "\(date.iso)-vol-\(volume).\(number)"
    }

    /// The layout of an issue with a title and a date; `nil` without either.
    public init?(issue: Issue) {
        guard let title = issue.title, let date = issue.date else { return nil }
        self.init(volume: title.volume, number: title.number, date: date)
    }

    /// `issues/2022-02-24-vol-1.4.html`.
    public var pagePath: String { "\(Self.issuesFolder)/\(stem).html" }

    /// `issues/2022-02-24-vol-1.4.pdf`.
    public var pdfPath: String { "\(Self.issuesFolder)/\(stem).pdf" }

    /// `2022-02-24-vol-1.4.jpg`: the lead image's name on the site, keeping its extension.
    public func imageFileName(for image: LeadImage) -> String {
        let ext = image.fileExtension
        return ext.isEmpty ? stem : "\(stem).\(ext)"
    }

    /// `issues/2022-02-24-vol-1.4.jpg`.
    public func imagePath(for image: LeadImage) -> String {
        "\(Self.issuesFolder)/\(imageFileName(for: image))"
    }

    /// `path` on the site at `baseURL`: `https://example.org/digest/` + `issues/….jpg`, with
    /// exactly one slash between them.
    public static func url(_ path: String, base baseURL: String) -> String {
        var base = Substring(baseURL)
        while base.hasSuffix("/") { base = base.dropLast() }
        return "\(base)/\(path)"
    }
}
