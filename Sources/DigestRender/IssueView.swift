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
            values["headlines"] = issue.headlines.items.enumerated().map { index, item in
                ["number": index + 1, "html": InlineHTML.html(item.inlines, linkStyle: Self.linkStyle), "anchor": "story-\(index + 1)"]
                    as [String: Any]
            }
            values["details"] = issue.details.items.enumerated().map { index, item in
                ["number": index + 1, "html": InlineHTML.html(item.inlines, linkStyle: Self.linkStyle), "anchor": "story-\(index + 1)"]
                    as [String: Any]
            }
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
