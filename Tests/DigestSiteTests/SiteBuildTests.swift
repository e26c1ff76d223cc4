import DigestCore
import DigestSite
import Foundation
import Testing

@Suite("digest site: what the site holds")
struct SiteContentTests {
    @Test("the index lists every issue by volume, newest first, each with its headlines and a working link")
    func index() throws {
        let fixture = try SiteFixture()
        let report = try fixture.build()
        #expect(report.issues == 4)
        let index = try fixture.read("index.html")
        let titles = index.matches(of: /<h3><a href="([^"]+)">([^<]+)<\/a><\/h3>/).map { (String($0.output.1), String($0.output.2)) }
        #expect(
            titles.map(\.1) == [
                "US-Japan Alliance Digest Vol 2.5", "US-Japan Alliance Digest Vol 1.16", "US-Japan Alliance Digest Vol 1.5",
                "US-Japan Alliance Digest Vol 1.4",
            ])
        for (href, _) in titles { #expect(FileManager.default.fileExists(atPath: fixture.output.appendingPathComponent(href).path)) }
        let volumes = index.matches(of: /<h2 id="volume-(\d+)">/).map { Int($0.output.1)! }
        #expect(volumes == [2, 1])
        #expect(index.contains("<li>Japan mostly in step with US, Europe on Russia sanctions</li>"))
    }

    @Test("an issue's page is the web edition with previous/next links, the PDF link, a canonical URL and link-preview tags")
    func issuePage() throws {
        let fixture = try SiteFixture()
        try fixture.build()
        let page = try fixture.read("issues/vol-1.5.html")
        #expect(page.contains("<h1>US-Japan Alliance Digest Vol 1.5</h1>"))
        #expect(page.contains("<a rel=\"prev\" href=\"vol-1.4.html\">← US-Japan Alliance Digest Vol 1.4</a>"))
        #expect(page.contains("<a rel=\"next\" href=\"vol-1.16.html\">US-Japan Alliance Digest Vol 1.16 →</a>"))
        #expect(page.contains("<link rel=\"canonical\" href=\"\(testBaseURL)issues/vol-1.5.html\">"))
        #expect(page.contains("<meta property=\"og:url\" content=\"\(testBaseURL)issues/vol-1.5.html\">"))
        #expect(page.contains("<meta property=\"og:title\" content=\"US-Japan Alliance Digest Vol 1.5\">"))
        #expect(page.contains("<meta name=\"twitter:card\""))
        #expect(page.contains("<meta property=\"og:description\" content=\"Japan mostly in step with US"))
        #expect(page.contains("<a href=\"../index.html\">US-Japan Alliance Digest</a>"))
        // Without a PDF engine there is no PDF, so no link to one.
        #expect(!page.contains("Download this publication (PDF)"))
        let first = try fixture.read("issues/vol-1.4.html")
        #expect(!first.contains("<a rel=\"prev\"") && first.contains("<a rel=\"next\""))
        let last = try fixture.read("issues/vol-2.5.html")
        #expect(last.contains("<a rel=\"prev\"") && !last.contains("<a rel=\"next\""))
    }

    @Test("issue text is escaped on every page and in the feed")
    func escaped() throws {
        let fixture = try SiteFixture(only: ["2022-02-24-vol-1.4.issue"])
        let footer = TextWrapper.wrap(Settings.allianceDigest.publication.footer, width: 78).joined(separator: "\n")
        try Data(
            """
            US-Japan Alliance Digest Vol 1.5
            Date: 2022-03-10

            Headlines
            - <script>alert("x")</script> & more

            Details
            - Click [here](https://example.org/?a=1&b="2") & <b>there</b>.

            Footer
            \(footer)

            """.utf8
        ).write(to: fixture.archive.appendingPathComponent("2022-03-10-vol-1.5.issue"))
        try fixture.build()
        for path in ["index.html", "issues/vol-1.5.html", "issues/vol-1.4.html"] {
            let html = try fixture.read(path)
            #expect(!html.contains("<script") && !html.contains("<b>"), "\(path)")
        }
        let feed = try fixture.read("feed.xml")
        #expect(feed.contains("&amp;lt;script&amp;gt;"))
        #expect(!feed.contains("<script") && !feed.contains("<b>") && feed.contains("&amp;lt;b&amp;gt;"))
        #expect(try fixture.read("issues/vol-1.5.html").contains("href=\"https://example.org/?a=1&amp;b=&quot;2&quot;\""))
    }

    @Test("an archived issue with format errors stops the build and is named with its line")
    func malformed() throws {
        let fixture = try SiteFixture(only: ["2022-02-24-vol-1.4.issue"])
        try Data("US-Japan Alliance Digest Vol 1.5\nDate: 2022-13-45\n".utf8)
            .write(to: fixture.archive.appendingPathComponent("2022-03-10-vol-1.5.issue"))
        #expect {
            try fixture.build()
        } throws: { error in
            let text = "\(error)"
            return text.contains("2022-03-10-vol-1.5.issue:2:") && text.contains("mend them")
        }
    }

    @Test("two issues with one number are refused, naming both files")
    func duplicate() throws {
        let fixture = try SiteFixture(only: ["2022-02-24-vol-1.4.issue"])
        try FileManager.default.copyItem(
            at: fixture.archive.appendingPathComponent("2022-02-24-vol-1.4.issue"),
            to: fixture.archive.appendingPathComponent("2022-02-25-vol-1.4.issue"))
        #expect {
            try fixture.build()
        } throws: { error in
            "\(error)".contains("2022-02-24-vol-1.4.issue") && "\(error)".contains("2022-02-25-vol-1.4.issue")
        }
    }

    @Test("a folder with files the site did not write is refused, and nothing in it is touched")
    func foreignFolder() throws {
        let fixture = try SiteFixture(only: ["2022-02-24-vol-1.4.issue"])
        try FileManager.default.createDirectory(at: fixture.output, withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: fixture.output.appendingPathComponent("index.html"))
        #expect {
            try fixture.build()
        } throws: { error in
            "\(error)".contains("did not write") && "\(error)".contains("--output")
        }
        #expect(try fixture.read("index.html") == "mine")
    }

    @Test("the pages carry phone and dark-mode styles")
    func phoneAndDark() throws {
        let fixture = try SiteFixture()
        try fixture.build()
        for path in try fixture.pages() {
            let html = try fixture.read(path)
            #expect(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"), "\(path)")
            #expect(html.contains("<meta name=\"color-scheme\" content=\"light dark\">"), "\(path)")
            #expect(html.contains("@media (prefers-color-scheme: dark)"), "\(path)")
            #expect(html.contains("max-width: 720px") && html.contains("overflow-wrap: anywhere"), "\(path)")
        }
    }
}

@Suite("digest site: incremental builds")
struct IncrementalTests {
    @Test("a second build with nothing changed writes nothing")
    func unchanged() throws {
        let fixture = try SiteFixture()
        let first = try fixture.build()
        #expect(first.written.count == 8)  // four pages, the print styles, the index, the feed and the sitemap
        let before = try fixture.inodes()
        let second = try fixture.build()
        #expect(second.written.isEmpty)
        #expect(second.unchanged == 8)
        #expect(try fixture.inodes() == before)
    }

    @Test("one changed issue rewrites its page and the index, feed and sitemap, nothing else")
    func oneChanged() throws {
        let fixture = try SiteFixture()
        try fixture.build()
        let before = try fixture.inodes()
        let file = fixture.archive.appendingPathComponent("2022-03-10-vol-1.5.issue")
        let text = try String(contentsOf: file, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "Convenes First Meeting", with: "Holds First Meeting").utf8).write(to: file)
        let report = try fixture.build()
        let after = try fixture.inodes()
        let rewritten = Set(after.keys.filter { after[$0] != before[$0] })
        #expect(rewritten == ["issues/vol-1.5.html", "index.html", "feed.xml"])
        #expect(Set(report.written) == rewritten)
        #expect(try fixture.read("issues/vol-1.5.html").contains("Holds First Meeting"))
    }

    @Test("a new issue writes its page, its neighbour's page (whose next link appears) and the lists")
    func published() throws {
        let fixture = try SiteFixture(only: ["2022-02-24-vol-1.4.issue", "2022-03-10-vol-1.5.issue"])
        try fixture.build()
        let before = try fixture.inodes()
        try FileManager.default.copyItem(
            at: projectRoot.appendingPathComponent("seeds/archive/2022-08-11-vol-1.16.issue"),
            to: fixture.archive.appendingPathComponent("2022-08-11-vol-1.16.issue"))
        try fixture.build()
        let after = try fixture.inodes()
        let rewritten = Set(after.keys.filter { after[$0] != before[$0] })
        #expect(rewritten == ["issues/vol-1.16.html", "issues/vol-1.5.html", "index.html", "feed.xml", "sitemap.xml"])
        #expect(try fixture.read("issues/vol-1.5.html").contains("rel=\"next\" href=\"vol-1.16.html\""))
    }

    @Test("an issue taken out of the archive takes its page with it; the neighbours lose their link")
    func removed() throws {
        let fixture = try SiteFixture(only: ["2022-02-24-vol-1.4.issue", "2022-03-10-vol-1.5.issue"])
        try fixture.build()
        try FileManager.default.removeItem(at: fixture.archive.appendingPathComponent("2022-03-10-vol-1.5.issue"))
        let report = try fixture.build()
        #expect(report.removed == ["issues/vol-1.5.html"])
        #expect(!FileManager.default.fileExists(atPath: fixture.output.appendingPathComponent("issues/vol-1.5.html").path))
        #expect(!(try fixture.read("issues/vol-1.4.html")).contains("<a rel=\"next\""))
    }

    @Test("a changed template rebuilds every page")
    func template() throws {
        let fixture = try SiteFixture()
        try fixture.build()
        let web = fixture.root.appendingPathComponent("Templates/web.mustache")
        try Data(
            (try String(contentsOf: web, encoding: .utf8)).replacingOccurrences(of: "<h2>Details</h2>", with: "<h2>The stories</h2>").utf8
        )
        .write(to: web)
        let report = try fixture.build()
        #expect(Set(report.written).isSuperset(of: try fixture.pages().filter { $0.hasPrefix("issues/") }))
        #expect(try fixture.read("issues/vol-1.4.html").contains("<h2>The stories</h2>"))
    }
}
