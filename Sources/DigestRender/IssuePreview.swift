import DigestCore
import Foundation

/// `digest preview`: an issue's three editions rendered for one reader and written to a
/// folder, with the lead image beside the web edition under the name the site gives it, so
/// the page shows it as the published one will.
public struct IssuePreview {
    public var renderer: Renderer
    public var issue: Issue
    /// The issue's file: the lead image is found beside it.
    public var issueFile: URL
    public var recipient: Recipient

    public init(renderer: Renderer, issue: Issue, issueFile: URL, recipient: Recipient) {
        self.renderer = renderer
        self.issue = issue
        self.issueFile = issueFile
        self.recipient = recipient
    }

    /// Renders each edition and hands it to `write` with its file name (`NAME.txt`,
    /// `NAME.email.html`, `NAME.html`), then copies the lead image into `folder`, where
    /// `write` puts the files. Returns the editions' file names in the order written.
    @discardableResult
    public func write<Failure: Error>(
        named name: String, into folder: URL, using write: (_ text: String, _ fileName: String) throws(Failure) -> Void
    ) throws(Failure) -> [String] {
        let image = issue.leadImage?.header(besideIssueAt: issueFile)
        var written: [String] = []
        for edition in Edition.allCases {
            let fileName = "\(name).\(edition.fileExtension)"
            try write(renderer.render(issue, edition: edition, recipient: recipient, image: image), fileName)
            written.append(fileName)
        }
        // The image is a convenience of the preview: a copy that fails leaves the page
        // showing its alt text, as a reader with images blocked sees it.
        if let lead = issue.leadImage, image != nil, let layout = SiteLayout(issue: issue) {
            let copy = folder.appendingPathComponent(layout.imageFileName(for: lead))
            try? FileManager.default.removeItem(at: copy)
            try? FileManager.default.copyItem(at: lead.url(besideIssueAt: issueFile), to: copy)
        }
        return written
    }
}
