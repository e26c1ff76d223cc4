import DigestCore
import DigestRender

/// The values each site template is rendered with.
extension SiteGenerator {
    /// An issue's page: the web edition through `web.mustache`, with the site's part
    /// (`{{#site}}`): canonical address, link-preview tags, previous and next issues, the PDF.
    func page(_ issue: SiteIssue, older: SiteIssue?, newer: SiteIssue?, hasPDF: Bool, options: SiteOptions) -> String {
        let path = issue.pagePath
        var site: [String: Any] = [
            "siteName": repository.settings.publication.name,
            "description": issue.summary.headlineLine,
            "published": issue.timestamp,
            "indexHref": SiteFiles.link(from: path, to: SiteFiles.index),
            "printStyleHref": SiteFiles.link(from: path, to: SiteFiles.printStyle),
        ]
        if let baseURL = options.baseURL {
            site["canonicalURL"] = SiteLayout.url(path, base: baseURL)
            site["feedHref"] = SiteFiles.link(from: path, to: SiteFiles.feed)
        }
        if let imagePath = issue.imagePath {
            site["imageAlt"] = issue.summary.imageAlt ?? ""
            if let baseURL = options.baseURL { site["imageURL"] = SiteLayout.url(imagePath, base: baseURL) }
        }
        if hasPDF { site["pdfHref"] = SiteFiles.link(from: path, to: issue.pdfPath) }
        if let older { site["previous"] = ["href": SiteFiles.link(from: path, to: older.pagePath), "title": older.title] }
        if let newer { site["next"] = ["href": SiteFiles.link(from: path, to: newer.pagePath), "title": newer.title] }
        let parsed = issue.issue(repository.settings.parser)
        let header = parsed.leadImage?.header(besideIssueAt: issue.url)
        return renderer.render(parsed, template: "web", adding: ["site": site], image: header) ?? ""
    }

    /// The print styles, with the paper size the settings name.
    func printStyle(options: SiteOptions) -> String {
        renderer.render(template: "site-print", values: ["paper": options.paper.cssSize]) ?? ""
    }

    /// What the site keeps of an issue it has parsed, with its entry in the index rendered
    /// through `site-index-entry.mustache`.
    func summary(of issue: Issue, title: Title, date: IssueDate, path: String) -> IssueSummary {
        let layout = SiteLayout(volume: title.volume, number: title.number, date: date)
        let entry: [String: Any] = [
            "title": title.text,
            "date": date.long,
            "isoDate": date.iso,
            "href": layout.pagePath,
            "headlines": issue.headlines.items.map { ["html": InlineHTML.html($0.inlines)] },
        ]
        let image = issue.leadImage
        return IssueSummary(
            volume: title.volume, number: title.number, date: date.iso, title: title.text,
            headlineLine: issue.headlines.items.map(\.plainText).joined(separator: " · "), image: image?.path, imageAlt: image?.alt,
            imageLocation: image.map { "\($0.location.range.start.line):\($0.location.range.start.column)" },
            indexEntry: renderer.render(template: "site-index-entry", values: entry) ?? "")
    }

    /// The front page: every issue by volume, newest first, each entry as the summary keeps it.
    func index(_ issues: [SiteIssue], options: SiteOptions) -> String {
        let byVolume = Dictionary(grouping: issues, by: \.volume)
        let volumes: [[String: Any]] = byVolume.keys.sorted(by: >).map { volume in
            [
                "volume": volume,
                "year": repository.settings.schedule.firstVolumeYear + volume - 1,
                "entries": byVolume[volume, default: []].sorted { $0.number > $1.number }.map(\.summary.indexEntry).joined(),
            ]
        }
        var values: [String: Any] = [
            "publication": repository.settings.publication.name,
            "footer": repository.settings.publication.footer,
            "volumes": volumes,
            "issueCount": issues.count,
        ]
        if let baseURL = options.baseURL {
            values["canonicalURL"] = SiteLayout.url("", base: baseURL)
            values["feedHref"] = SiteFiles.feed
        }
        if let latest = issues.last { values["description"] = "\(latest.title): \(latest.summary.headlineLine)" }
        return renderer.render(template: "site-index", values: values) ?? ""
    }

    /// The Atom feed (RFC 4287) of the latest issues, each with its whole text as HTML.
    /// Ids are tag URIs (RFC 4151) made of the list's domain and the issue's volume and
    /// number, so they stay the same when the site moves to another address.
    func feed(_ issues: [SiteIssue], baseURL: String, options: SiteOptions) -> String {
        let settings = repository.settings
        let authority = settings.list.id
        let latest = issues.suffix(max(options.feedEntries, 0)).reversed()
        let entries: [[String: Any]] = latest.map { issue in
            var image: [String: Any] = [:]
            if let imagePath = issue.imagePath {
                image = ["imageURL": SiteLayout.url(imagePath, base: baseURL), "imageAlt": issue.summary.imageAlt ?? ""]
            }
            let article = renderer.render(issue.issue(settings.parser), template: "site-article", adding: image) ?? ""
            return [
                "id": "tag:\(authority),\(issue.date.iso):vol-\(issue.volume).\(issue.number)",
                "title": issue.title,
                "url": SiteLayout.url(issue.pagePath, base: baseURL),
                "published": issue.timestamp,
                "summary": issue.summary.headlineLine,
                "content": InlineHTML.escape(article),
            ]
        }
        let values: [String: Any] = [
            "id": "tag:\(authority),\(settings.schedule.firstVolumeYear):feed",
            "title": settings.publication.name,
            "updated": issues.last?.timestamp ?? "\(settings.schedule.firstVolumeYear)-01-01T00:00:00Z",
            "selfURL": SiteLayout.url(SiteFiles.feed, base: baseURL),
            "siteURL": SiteLayout.url("", base: baseURL),
            "authorName": settings.sender.name,
            "entries": entries,
        ]
        return renderer.render(template: "site-feed", values: values) ?? ""
    }

    /// `sitemap.xml`: the front page and every issue's page.
    func sitemap(_ issues: [SiteIssue], baseURL: String) -> String {
        var home: [String: Any] = ["loc": SiteLayout.url("", base: baseURL)]
        if let latest = issues.last { home["lastmod"] = latest.date.iso }
        var urls = [home]
        urls += issues.reversed().map { ["loc": SiteLayout.url($0.pagePath, base: baseURL), "lastmod": $0.date.iso] }
        return renderer.render(template: "site-sitemap", values: ["urls": urls]) ?? ""
    }
}
