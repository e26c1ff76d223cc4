import DigestCore
import DigestSite
import DigestTestSupport
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
                "US-Japan Alliance Digest Vol 2.5", "US-Japan Alliance Digest Vol 1.15", "US-Japan Alliance Digest Vol 1.5",
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
        let page = try fixture.read("issues/2022-03-10-vol-1.5.html")
        #expect(page.contains("<h1>US-Japan Alliance Digest Vol 1.5</h1>"))
        #expect(page.contains("<a rel=\"prev\" href=\"2022-02-24-vol-1.4.html\">← US-Japan Alliance Digest Vol 1.4</a>"))
        #expect(page.contains("<a rel=\"next\" href=\"2022-08-04-vol-1.15.html\">US-Japan Alliance Digest Vol 1.15 →</a>"))
        #expect(page.contains("<link rel=\"canonical\" href=\"\(testBaseURL)issues/2022-03-10-vol-1.5.html\">"))
        #expect(page.contains("<meta property=\"og:url\" content=\"\(testBaseURL)issues/2022-03-10-vol-1.5.html\">"))
        #expect(page.contains("<meta property=\"og:title\" content=\"US-Japan Alliance Digest Vol 1.5\">"))
        #expect(page.contains("<meta name=\"twitter:card\""))
        #expect(page.contains("<meta property=\"og:description\" content=\"Japan mostly in step with US"))
        #expect(page.contains("<a href=\"../index.html\">US-Japan Alliance Digest</a>"))
        // Without a PDF engine there is no PDF, so no link to one.
        #expect(!page.contains("Download this publication (PDF)"))
        let first = try fixture.read("issues/2022-02-24-vol-1.4.html")
        #expect(!first.contains("<a rel=\"prev\"") && first.contains("<a rel=\"next\""))
        let last = try fixture.read("issues/2023-03-23-vol-2.5.html")
        #expect(last.contains("<a rel=\"prev\"") && !last.contains("<a rel=\"next\""))
    }

    @Test("issue text is escaped on every page and in the feed")
    func escaped() throws {
        let fixture = try SiteFixture(only: ["2022-02-24-vol-1.4.issue"])
        let footer = TextWrapper.wrap(Settings.thisRepository.publication.footer, width: 78).joined(separator: "\n")
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
        for path in ["index.html", "issues/2022-03-10-vol-1.5.html", "issues/2022-02-24-vol-1.4.html"] {
            let html = try fixture.read(path)
            #expect(!html.contains("<script") && !html.contains("<b>"), "\(path)")
        }
        let feed = try fixture.read("feed.xml")
        #expect(feed.contains("&amp;lt;script&amp;gt;"))
        #expect(!feed.contains("<script") && !feed.contains("<b>") && feed.contains("&amp;lt;b&amp;gt;"))
        #expect(try fixture.read("issues/2022-03-10-vol-1.5.html").contains("href=\"https://example.org/?a=1&amp;b=&quot;2&quot;\""))
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

    @Test("a symlink at a file's temporary name in the site is replaced, and the file it points to outside is left alone")
    func symlinkAtTemporaryName() throws {
        let fixture = try SiteFixture()
        try fixture.build()
        let outside = fixture.root.appendingPathComponent("outside.txt")
        try Data("keep me\n".utf8).write(to: outside)
        for name in ["issues/.2022-03-10-vol-1.5.html.partial", ".index.html.partial"] {
            try FileManager.default.createSymbolicLink(
                atPath: fixture.output.appendingPathComponent(name).path, withDestinationPath: outside.path)
        }
        let file = fixture.archive.appendingPathComponent("2022-03-10-vol-1.5.issue")
        let text = try String(contentsOf: file, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "Convenes First Meeting", with: "Holds First Meeting").utf8).write(to: file)
        try fixture.build()
        #expect(try String(contentsOf: outside, encoding: .utf8) == "keep me\n")
        for name in ["issues/2022-03-10-vol-1.5.html", "index.html"] {
            let type = try FileManager.default.attributesOfItem(atPath: fixture.output.appendingPathComponent(name).path)[.type]
            #expect(type as? FileAttributeType == .typeRegular, "\(name)")
        }
        #expect(try fixture.read("issues/2022-03-10-vol-1.5.html").contains("Holds First Meeting"))
    }

    @Test("a lead image that is a symlink, or not an image, stops the build and is not published")
    func leadImageSymlink() throws {
        let fixture = try SiteFixture()
        let secret = fixture.root.appendingPathComponent("secret.txt")
        try Data("private key\n".utf8).write(to: secret)
        let file = fixture.archive.appendingPathComponent("2022-03-10-vol-1.5.issue")
        let text = try String(contentsOf: file, encoding: .utf8)
        let dateLine = try #require(text.split(separator: "\n").first { $0.hasPrefix("Date: ") })
        try Data(text.replacingOccurrences(of: dateLine, with: "\(dateLine)\nImage: lead.jpg\nImage Alt: A picture").utf8).write(to: file)
        let image = fixture.archive.appendingPathComponent("lead.jpg")
        for makeImage in [
            { try FileManager.default.createSymbolicLink(atPath: image.path, withDestinationPath: secret.path) },
            { try Data("private key\n".utf8).write(to: image) },
        ] {
            try? FileManager.default.removeItem(at: image)
            try makeImage()
            #expect(throws: SiteError.self) { try fixture.build() }
            #expect(!FileManager.default.fileExists(atPath: fixture.output.appendingPathComponent("issues/2022-03-10-vol-1.5.jpg").path))
        }
        // A real image named as the page would be is not published over the page.
        try FileManager.default.removeItem(at: image)
        let pageNamed = fixture.archive.appendingPathComponent("lead.html")
        try FileManager.default.copyItem(at: try #require(Self.anyArchiveImage()), to: pageNamed)
        try Data(text.replacingOccurrences(of: dateLine, with: "\(dateLine)\nImage: lead.html\nImage Alt: A picture").utf8).write(to: file)
        #expect(throws: SiteError.self) { try fixture.build() }
    }

    /// A JPEG, PNG or WebP file from the test fixtures.
    static func anyArchiveImage() -> URL? {
        let folder = projectRoot.appendingPathComponent("Tests")
        let files = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []
        return files.first { $0.hasSuffix(".jpg") || $0.hasSuffix(".png") }.map { folder.appendingPathComponent($0) }
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
        #expect(rewritten == ["issues/2022-03-10-vol-1.5.html", "index.html", "feed.xml"])
        #expect(Set(report.written) == rewritten)
        #expect(try fixture.read("issues/2022-03-10-vol-1.5.html").contains("Holds First Meeting"))
    }

    @Test("a new issue writes its page, its neighbour's page (whose next link appears) and the lists")
    func published() throws {
        let fixture = try SiteFixture(only: ["2022-02-24-vol-1.4.issue", "2022-03-10-vol-1.5.issue"])
        try fixture.build()
        let before = try fixture.inodes()
        try FileManager.default.copyItem(
            at: projectRoot.appendingPathComponent("seeds/archive/2022-08-04-vol-1.15.issue"),
            to: fixture.archive.appendingPathComponent("2022-08-04-vol-1.15.issue"))
        try fixture.build()
        let after = try fixture.inodes()
        let rewritten = Set(after.keys.filter { after[$0] != before[$0] })
        #expect(
            rewritten == ["issues/2022-08-04-vol-1.15.html", "issues/2022-03-10-vol-1.5.html", "index.html", "feed.xml", "sitemap.xml"])
        #expect(try fixture.read("issues/2022-03-10-vol-1.5.html").contains("rel=\"next\" href=\"2022-08-04-vol-1.15.html\""))
    }

    @Test("an issue taken out of the archive takes its page with it; the neighbours lose their link")
    func removed() throws {
        let fixture = try SiteFixture(only: ["2022-02-24-vol-1.4.issue", "2022-03-10-vol-1.5.issue"])
        try fixture.build()
        try FileManager.default.removeItem(at: fixture.archive.appendingPathComponent("2022-03-10-vol-1.5.issue"))
        let report = try fixture.build()
        #expect(report.removed == ["issues/2022-03-10-vol-1.5.html"])
        #expect(!FileManager.default.fileExists(atPath: fixture.output.appendingPathComponent("issues/2022-03-10-vol-1.5.html").path))
        #expect(!(try fixture.read("issues/2022-02-24-vol-1.4.html")).contains("<a rel=\"next\""))
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
        #expect(try fixture.read("issues/2022-02-24-vol-1.4.html").contains("<h2>The stories</h2>"))
    }

    /// Replaces `old` with `new` in the fixture's file at `path`.
    func edit(_ fixture: SiteFixture, _ path: String, _ old: String, _ new: String) throws {
        let file = fixture.root.appendingPathComponent(path)
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains(old))
        try Data(text.replacingOccurrences(of: old, with: new).utf8).write(to: file)
    }

    @Test("a setting the web edition is given but the shipped templates leave out (the list's name) rebuilds the pages that show it")
    func settingOnEveryPage() throws {
        let fixture = try SiteFixture(only: ["2022-02-24-vol-1.4.issue", "2022-03-10-vol-1.5.issue"])
        try edit(fixture, "Templates/web.mustache", "<h2>Details</h2>", "<h2>Details from {{listName}}</h2>")
        try fixture.build()
        try edit(fixture, "digest.yaml", "  name: US-Japan Alliance Digest\n  # Where", "  name: The Alliance Letter\n  # Where")
        let report = try fixture.build()
        #expect(Set(report.written).isSuperset(of: ["issues/2022-02-24-vol-1.4.html", "issues/2022-03-10-vol-1.5.html"]))
        #expect(try fixture.read("issues/2022-03-10-vol-1.5.html").contains("<h2>Details from The Alliance Letter</h2>"))
    }

    @Test("the index, feed and sitemap, kept when nothing changed, are made again when a setting only they show changes")
    func listSettings() throws {
        let fixture = try SiteFixture()
        try fixture.build()
        #expect(try fixture.build().written.isEmpty)
        try edit(fixture, "digest.yaml", "first-volume-year: 2022", "first-volume-year: 2021")
        let report = try fixture.build()
        #expect(report.written.contains("index.html"))
        #expect(try fixture.read("index.html").contains("Vol 1 · 2021"))
        let shorter = try fixture.builder().build(SiteOptions(output: fixture.output, baseURL: testBaseURL, feedEntries: 2))
        #expect(shorter.written.contains("feed.xml"))
        #expect(try fixture.read("feed.xml").components(separatedBy: "<entry>").count == 3)
    }

    @Test("a removed index, feed or sitemap is made again though nothing else changed")
    func listRemoved() throws {
        let fixture = try SiteFixture()
        try fixture.build()
        let before = try fixture.read("sitemap.xml")
        try FileManager.default.removeItem(at: fixture.output.appendingPathComponent("sitemap.xml"))
        #expect(try fixture.build().written == ["sitemap.xml"])
        #expect(try fixture.read("sitemap.xml") == before)
    }
}

@Suite("digest site: the lead image")
struct LeadImageSiteTests {
    /// A valid 2×1 PNG, made here so the test needs no image library.
    static func png(red: UInt8) -> Data {
        func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
            let typed = Array(type.utf8) + body
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in typed {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
            }
            crc ^= 0xFFFF_FFFF
            let be = { (v: UInt32) in [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
            return be(UInt32(body.count)) + typed + be(crc)
        }
        // One row: filter 0, two RGB pixels; stored (uncompressed) deflate block, with its Adler-32.
        let raw: [UInt8] = [0, red, 0, 0, 0, 0, red]
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in raw {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        let adler = (b << 16) | a
        let zlib: [UInt8] =
            [0x78, 0x01, 0x01, UInt8(raw.count), 0, ~UInt8(raw.count), 0xFF] + raw
            + [UInt8(adler >> 24), UInt8(adler >> 16 & 0xFF), UInt8(adler >> 8 & 0xFF), UInt8(adler & 0xFF)]
        let header: [UInt8] = [0, 0, 0, 2, 0, 0, 0, 1, 8, 2, 0, 0, 0]
        return Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", header) + chunk("IDAT", zlib) + chunk("IEND", []))
    }

    static func fixtureWithImage() throws -> SiteFixture {
        let fixture = try SiteFixture(only: ["2022-02-24-vol-1.4.issue", "2022-03-10-vol-1.5.issue"])
        let file = fixture.archive.appendingPathComponent("2022-03-10-vol-1.5.issue")
        let text = try String(contentsOf: file, encoding: .utf8)
            .replacingOccurrences(
                of: "Date: 2022-03-10\n",
                with: "Date: 2022-03-10\nImage: lead.png\nImage Alt: Ministers meet in Tokyo\nImage Source: Reuters\n")
        try Data(text.utf8).write(to: file)
        try png(red: 200).write(to: fixture.archive.appendingPathComponent("lead.png"))
        return fixture
    }

    @Test("the image is copied beside the page and named in the link-preview tags")
    func copied() throws {
        let fixture = try Self.fixtureWithImage()
        try fixture.build()
        let copy = try Data(contentsOf: fixture.output.appendingPathComponent("issues/2022-03-10-vol-1.5.png"))
        #expect(copy == Self.png(red: 200))
        let page = try fixture.read("issues/2022-03-10-vol-1.5.html")
        #expect(page.contains("<meta property=\"og:image\" content=\"\(testBaseURL)issues/2022-03-10-vol-1.5.png\">"))
        #expect(page.contains("<meta property=\"og:image:alt\" content=\"Ministers meet in Tokyo\">"))
        #expect(page.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"))
        // The page shows it, from the copy beside it, with its size from the file's header.
        #expect(
            page.contains("<img src=\"2022-03-10-vol-1.5.png\" width=\"600\" height=\"300\" alt=\"Ministers meet in Tokyo\">"), "\(page)")
        #expect(!(try fixture.read("issues/2022-02-24-vol-1.4.html")).contains("og:image"))
        // The feed entry shows it too, at its address on the site.
        #expect(
            try fixture.read("feed.xml").contains(
                "&lt;img src=&quot;\(testBaseURL)issues/2022-03-10-vol-1.5.png&quot; alt=&quot;Ministers meet in Tokyo&quot;&gt;"))
        #expect(try LinkChecker.check(fixture.output, baseURL: testBaseURL).isEmpty)
    }

    @Test("a changed image rewrites the image and its page, not the other issue's")
    func changed() throws {
        let fixture = try Self.fixtureWithImage()
        try fixture.build()
        let before = try fixture.inodes()
        try Self.png(red: 10).write(to: fixture.archive.appendingPathComponent("lead.png"))
        try fixture.build()
        let after = try fixture.inodes()
        let rewritten = Set(after.keys.filter { after[$0] != before[$0] })
        #expect(rewritten == ["issues/2022-03-10-vol-1.5.png", "issues/2022-03-10-vol-1.5.html"])
    }

    @Test("a missing image file stops the build, naming the issue's Image line")
    func missing() throws {
        let fixture = try Self.fixtureWithImage()
        try FileManager.default.removeItem(at: fixture.archive.appendingPathComponent("lead.png"))
        #expect {
            try fixture.build()
        } throws: { error in
            "\(error)".contains("2022-03-10-vol-1.5.issue:3:8") && "\(error)".contains("lead.png")
        }
    }
}
