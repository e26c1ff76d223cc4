import DigestCore

/// What the templates see: the issue's parts, ready for one edition.
///
/// Text for HTML comes escaped and marked up (`html` keys, used with `{{{…}}}`); plain
/// values (`{{title}}`) are escaped by the HTML templates themselves, and the text template
/// switches escaping off.
struct IssueView {
    let issue: Issue
    let settings: Settings
    let recipient: Recipient
    /// The lead image file's header, when the file could be read.
    var image: ImageHeader? = nil

    /// The width the HTML email shows the lead image at: its column.
    static let emailImageWidth = 600

    /// Inline link colour in the HTML editions.
    static let linkStyle = "color:#1a5fb4;text-decoration:underline;"

    func values(for edition: Edition) -> [String: Any] {
        let title = issue.title?.text ?? settings.publication.name
        var values: [String: Any] = [
            "title": title,
            "publication": settings.publication.name,
            "date": issue.date?.long ?? "",
            "isoDate": issue.date?.iso ?? "",
            "listName": settings.list.name,
            "senderName": settings.sender.name,
            "senderAddress": settings.sender.address,
            "unsubscribeURL": recipient.unsubscribeURL,
            "preheader": preheader,
        ]
        if let volume = issue.title?.volume, let number = issue.title?.number {
            values["volume"] = volume
            values["number"] = number
        }
        if let credit = issue.imageCredit { values["imageCredit"] = credit }
        if let leadImage = leadImage(for: edition) { values["leadImage"] = leadImage }
        if let name = recipient.name { values["recipientName"] = name }
        let footer = issue.footer.body?.text ?? settings.publication.footer
        values["footer"] = footer

        switch edition {
        case .text:
            var text = PlainText()
            values["headlines"] = issue.headlines.items.enumerated().map { index, item in
                ["number": index + 1, "text": text.bullet(item.inlines)] as [String: Any]
            }
            values["details"] = issue.details.items.enumerated().map { index, item in
                ["number": index + 1, "text": text.bullet(item.inlines)] as [String: Any]
            }
            values["references"] = text.references.enumerated().map { ["number": $0.offset + 1, "url": $0.element] as [String: Any] }
            values["hasReferences"] = !text.references.isEmpty
            values["footerText"] = PlainText.wrap(footer, width: PlainText.width).joined(separator: "\n")
        case .html, .web:
            // Each headline is a link to its story (`#story-N`), so a link in it shows as its words.
            values["headlines"] = issue.headlines.items.enumerated().map { index, item in
                ["number": index + 1, "html": InlineHTML.html(item.inlines, links: false), "anchor": "story-\(index + 1)"]
                    as [String: Any]
            }
            values["details"] = issue.details.items.enumerated().map { index, item in
                ["number": index + 1, "html": InlineHTML.html(item.inlines, linkStyle: Self.linkStyle), "anchor": "story-\(index + 1)"]
                    as [String: Any]
            }
        }
        return values
    }

    /// The lead image as `edition` shows it, or `nil` when it shows none. The email needs the
    /// image's address on the site (`site.base-url`) and its size; the web page, which sits
    /// beside the image on the site (``SiteLayout``), needs neither; the plain text gives the
    /// address when there is one.
    func leadImage(for edition: Edition) -> [String: Any]? {
        guard let lead = issue.leadImage, lead.staysInIssueFolder, let layout = SiteLayout(issue: issue) else { return nil }
        var values: [String: Any] = ["alt": lead.alt ?? ""]
        if let credit = lead.credit { values["credit"] = credit }
        let address = settings.site.baseURL.map { SiteLayout.url(layout.imagePath(for: lead), base: $0) }
        let width = Self.emailImageWidth
        switch edition {
        case .html:
            guard let address, let image else { return nil }
            values["src"] = address
            values["width"] = width
            values["height"] = image.height(atWidth: width)
        case .web:
            values["src"] = layout.imageFileName(for: lead)
            if let image {
                values["width"] = width
                values["height"] = image.height(atWidth: width)
            }
        case .text:
            guard let address else { return nil }
            values["url"] = address
        }
        return values
    }

    /// A one-line summary for the inbox preview: the headlines, as far as they fit.
    var preheader: String {
        let headlines = issue.headlines.items.map(\.plainText).joined(separator: " · ")
        guard headlines.count > 140 else { return headlines }
        return String(headlines.prefix(139)) + "…"
    }
}
