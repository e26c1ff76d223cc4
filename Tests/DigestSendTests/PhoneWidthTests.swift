import DigestCore
import DigestMail
import DigestRender
import DigestSend
import DigestTestSupport
import Foundation
import Testing

/// The HTML editions as readers get them, laid out by Chromium at a phone's width.
@Suite(
    "The HTML editions on a phone",
    .enabled(if: Chromium.isAvailable, "needs Debian's chromium (`.ci/setup --test` installs it); the layout was not measured"))
struct PhoneWidthTests {
    /// One page a reader could open: its name says which, in a failure.
    struct Page {
        var name: String
        var html: String
    }

    static let widths = [320, 375]
    static let settings = Settings.thisRepository
    static let archive = projectRoot.appendingPathComponent("seeds/archive")

    static func issue(_ text: String) -> DigestCore.Issue {
        settings.parser.parse(bytes: Array(text.utf8), path: "test.issue").issue
    }

    /// An issue of unbreakable text: a 300-character address written out and as a link's
    /// words, a 200-letter word in a headline, a detail and the image credit.
    static let hostile: String = {
        let address = "https://www.example.org/" + (0..<28).map { "section\($0)/" }.joined().prefix(276)
        let word = String(repeating: "Supercalifragilistic", count: 10)
        let footer = TextWrapper.wrap(settings.publication.footer, width: 78).joined(separator: "\n")
        return """
            US-Japan Alliance Digest Vol 2.6
            Date: 2023-04-06
            Image Source: \(word)

            Headlines
            - Allies meet in \(word)
            - The statement is at \(address)

            Details
            - The ministers met in \(word), and the communiqué is at \(address) for all to read.
            - Read [\(address)](\(address)) before the meeting.

            Footer
            \(footer)

            """
    }()

    /// Each reader's copy of `issue` as the send makes it, through Python's `email` parser:
    /// the HTML part a mail client shows.
    static func sentHTML(_ issue: DigestCore.Issue, to readers: [Subscriber], settings: Settings, templates: URL) throws -> [String] {
        let renderer = try Renderer(templatesFolder: templates, settings: settings)
        let factory = MessageFactory(
            issue: issue, renderer: renderer, issueKey: "vol-2.6", date: Date(timeIntervalSince1970: 1_680_000_000),
            key: try UnsubscribeKey(secret: "test-secret-0123456789abcdef"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-phone-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var files: [String] = []
        for (index, reader) in readers.enumerated() {
            let file = folder.appendingPathComponent("\(index).eml")
            try Data(try factory.message(for: reader).bytes).write(to: file)
            files.append(file.path)
        }
        let script = """
            import email, email.policy, sys
            for name in sys.argv[1:]:
                message = email.message_from_bytes(open(name, "rb").read(), policy=email.policy.default)
                open(name + ".html", "w", encoding="utf-8").write(message.get_body(("html",)).get_content())
            """
        let result = try runPython(script, files)
        #expect(result.errors.isEmpty, "\(result.errors)")
        return try files.map { try String(contentsOfFile: $0 + ".html", encoding: .utf8) }
    }

    /// `html` as an email client that strips `<style>` shows it (Gmail does, in some views).
    static func withoutStyle(_ html: String) -> String {
        html.replacing(/<style>[\s\S]*?<\/style>/, with: "")
    }

    /// The templates with the reader's name shown in the email's footer, as an editor may add it.
    static func templatesNamingTheReader() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-templates-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: projectRoot.appendingPathComponent("Templates"), to: folder)
        let email = folder.appendingPathComponent("email.mustache")
        let text = try String(contentsOf: email, encoding: .utf8)
        let footer = "<p style=\"margin:0 0 12px 0;\">{{footer}}</p>"
        try #require(text.contains(footer))
        try Data(text.replacingOccurrences(of: footer, with: footer + "\n<p>This copy is for {{recipientName}}.</p>").utf8).write(to: email)
        return folder
    }

    static func pages() throws -> [Page] {
        var pages: [Page] = []
        let templates = projectRoot.appendingPathComponent("Templates")
        // A real reader's copy, with the publication's one-click page: a 130-character link.
        var oneClick = settings
        oneClick.list.unsubscribeURL = "https://www.spfusa.org/alliance-digest/unsubscribe"
        let reader = Subscriber(address: "firstname.lastname@example.org", name: "Firstname Lastname")
        let link = try UnsubscribeKey(secret: "test-secret-0123456789abcdef").links(for: reader, settings: oneClick).https ?? ""
        #expect(link.count >= 120, "\(link)")
        let renderer = try Renderer(templatesFolder: templates, settings: settings)
        for name in try FileManager.default.contentsOfDirectory(atPath: archive.path).filter({ $0.hasSuffix(".issue") }).sorted() {
            let issue = issue(try String(contentsOf: archive.appendingPathComponent(name), encoding: .utf8))
            let sent = try sentHTML(issue, to: [reader], settings: oneClick, templates: templates)[0]
            pages.append(Page(name: "\(name) email as sent", html: sent))
            pages.append(Page(name: "\(name) email as sent, <style> stripped", html: withoutStyle(sent)))
            pages.append(Page(name: "\(name) web", html: renderer.render(issue, edition: .web, recipient: Recipient(unsubscribeURL: link))))
        }
        // Unbreakable text everywhere, for readers whose name and address are long, with the
        // reader's name shown and with either kind of unsubscribe link.
        let hostile = issue(hostile)
        let longName = String(repeating: "Bartholomew", count: 18)
        let longAddress = String(repeating: "a", count: 64) + "@" + String(repeating: "department.", count: 10) + "example.org"
        let named = try templatesNamingTheReader()
        defer { try? FileManager.default.removeItem(at: named) }
        for (label, listSettings) in [("one-click link", oneClick), ("mailto link", settings)] {
            for sent in try sentHTML(
                hostile, to: [Subscriber(address: longAddress, name: longName)], settings: listSettings, templates: named)
            {
                pages.append(Page(name: "long words, a long name and address, \(label): email as sent", html: sent))
                pages.append(Page(name: "long words, a long name and address, \(label): email, <style> stripped", html: withoutStyle(sent)))
            }
        }
        pages.append(
            Page(name: "long words: web", html: renderer.render(hostile, edition: .web, recipient: Recipient(unsubscribeURL: link))))
        // What `digest preview` shows.
        let preview = PreviewReader.recipient(settings: settings)
        pages.append(Page(name: "preview email", html: renderer.render(hostile, edition: .html, recipient: preview)))
        return pages
    }

    @Test("no copy a reader gets is wider than a 320 or 375 px phone, whatever the text, name or link")
    func fitsPhones() throws {
        let pages = try Self.pages()
        let measured = pages.flatMap { page in
            Self.widths.map { Chromium.Page(name: "\(page.name) at \($0) px", html: page.html, width: $0) }
        }
        let started = Date()
        let layouts = try Chromium.measure(measured)
        print("chromium laid out \(measured.count) pages in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        for (page, layout) in zip(measured, layouts) {
            #expect(layout.viewport == page.width, "\(page.name): the frame is \(layout.viewport) px, not the phone's \(page.width)")
            #expect(
                layout.document <= layout.viewport,
                "\(page.name): \(layout.document) px wide on a \(layout.viewport) px screen; too wide: \(layout.overflowing)")
        }
    }
}

@Suite("The preview's reader")
struct PreviewReaderTests {
    @Test("a preview's unsubscribe link is made as a reader's is, with an address and a 32-digit token")
    func realisticLink() throws {
        var settings = Settings.thisRepository
        let mailto = PreviewReader.recipient(settings: settings).unsubscribeURL
        #expect(
            mailto.wholeMatch(of: /mailto:egulum@spfusa\.org\?subject=unsubscribe%20sample\.reader%40example\.org%20[0-9a-f]{32}/) != nil,
            "\(mailto)")
        settings.list.unsubscribeURL = "https://www.spfusa.org/alliance-digest/unsubscribe"
        let https = PreviewReader.recipient(settings: settings).unsubscribeURL
        #expect(
            https.wholeMatch(
                of: /https:\/\/www\.spfusa\.org\/alliance-digest\/unsubscribe\?reader=sample\.reader%40example\.org&token=[0-9a-f]{32}/)
                != nil, "\(https)")
        // The same on every run, so a preview can be compared with the last one.
        #expect(https == PreviewReader.recipient(settings: settings).unsubscribeURL)
    }
}
