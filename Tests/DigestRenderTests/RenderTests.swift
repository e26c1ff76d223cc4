import DigestArchive
import DigestCore
import DigestTestSupport
import Foundation
import Testing

@testable import DigestRender

/// The committed templates, the publication's settings, and a fixed reader.
let renderer: Renderer = try! Renderer(templatesFolder: projectRoot.appendingPathComponent("Templates"), settings: .thisRepository)
let reader = Recipient(name: "Test Reader", unsubscribeURL: "https://list.example.org/unsubscribe/0123456789abcdef")

func archivedIssue(_ name: String) throws -> DigestCore.Issue {
    let data = try Data(contentsOf: projectRoot.appendingPathComponent("seeds/archive/\(name)"))
    let parsed = Settings.thisRepository.parser.parse(bytes: Array(data), path: name)
    #expect(parsed.isWellFormed)
    return parsed.issue
}

let archiveNames = ((try? FileManager.default.contentsOfDirectory(atPath: projectRoot.appendingPathComponent("seeds/archive").path)) ?? [])
    .filter { $0.hasSuffix(".issue") }.sorted()

/// Whether Python's html5lib can be run here (`.ci/setup --test` installs it).
let html5libAvailable = pythonCanImport("html5lib")

@Suite("The plain-text edition")
struct TextEditionTests {
    @Test("lines are at most 72 columns on word boundaries, except a lone address", arguments: archiveNames)
    func wrapped(name: String) throws {
        let text = renderer.render(try archivedIssue(name), edition: .text, recipient: reader)
        for line in text.split(separator: "\n") where line.count > 72 {
            #expect(!line.contains(" ") && line.count <= 998, "line over 72 columns: \(line)")
        }
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 78 || !$0.contains(" ") })
    }

    @Test("the footer comes after a \"-- \" line and the unsubscribe link is spelled out")
    func footerAndUnsubscribe() throws {
        let text = renderer.render(try archivedIssue("2022-03-10-vol-1.5.issue"), edition: .text, recipient: reader)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let separator = try #require(lines.firstIndex(of: "-- "))
        #expect(lines[separator + 1].hasPrefix("“US-Japan Alliance Digest” is a bi-weekly summary"))
        #expect(lines.contains(reader.unsubscribeURL))
    }

    @Test("bullets hang: continuation lines line up under the text")
    func hangingIndent() throws {
        let text = renderer.render(try archivedIssue("2022-03-10-vol-1.5.issue"), edition: .text, recipient: reader)
        #expect(text.contains("- Japan has been working swiftly with the international community to\n  levy punitive measures"))
    }

    @Test("links become numbered references listed after the text, never broken")
    func links() throws {
        let issue = Settings.thisRepository.parser.parse(HostileIssue.linked).issue
        let text = renderer.render(issue, edition: .text, recipient: reader)
        #expect(text.contains("the statement [1]"))
        #expect(text.contains("[1] https://www.mofa.go.jp/press/release/pressite_000001_00001.html?lang=en&region=na"))
    }
}

@Suite("The HTML editions")
struct HTMLEditionTests {
    @Test("the email is built like MJML and Cerberus build theirs", arguments: archiveNames)
    func emailChecklist(name: String) throws {
        let html = renderer.render(try archivedIssue(name), edition: .html, recipient: reader)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        for required in [
            "<html lang=\"en\"", "<meta charset=\"utf-8\">", "name=\"viewport\"", "<title>", "name=\"color-scheme\"",
            "prefers-color-scheme: dark",
        ] {
            #expect(html.contains(required), "missing \(required)")
        }
        // The preheader is the first thing in the body.
        let body = try #require(html.range(of: "<body"))
        let afterBody = html[body.upperBound...].drop { $0 != ">" }.dropFirst()
        #expect(afterBody.hasPrefix("\n<div class=\"preheader\"") || afterBody.hasPrefix("<div class=\"preheader\""))
        // Layout tables only, presentation role, 600px container.
        let tables = html.components(separatedBy: "<table").count - 1
        let presentation = html.components(separatedBy: "<table role=\"presentation\"").count - 1
        #expect(tables > 0 && tables == presentation)
        #expect(html.contains("max-width:600px") && html.contains("width=\"600\""))
        for forbidden in ["<script", "<form", "<iframe", "<link", "display:flex", "display:grid", "float:", "position:"] {
            #expect(!html.contains(forbidden), "contains \(forbidden)")
        }
        // <style> holds only @media and dark-mode rules; every other style is inline.
        let style = try #require(html.range(of: "<style>")).upperBound
        let styleEnd = try #require(html.range(of: "</style>")).lowerBound
        let rules = html[style..<styleEnd].split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        #expect(
            rules.allSatisfy {
                $0.hasPrefix("@media") || $0.hasPrefix("[data-ogsc]") || $0.hasPrefix("}") || $0.first == "." || $0.first == "h"
                    || $0.first == "a"
            })
        // Six-digit colours only.
        // (Character references such as &#8226; are not colours.)
        let withoutReferences = html.replacingOccurrences(of: "&#", with: "&")
        let colours = withoutReferences.matches(of: /#[0-9a-fA-F]{3,8}\b/).map { String($0.output) }
        #expect(colours.allSatisfy { $0.count == 7 }, "\(Set(colours).filter { $0.count != 7 })")
        // Every image has alt text; the unsubscribe link is visible.
        #expect(html.components(separatedBy: "<img").count - 1 == html.components(separatedBy: " alt=").count - 1)
        #expect(html.contains(">Unsubscribe</a>"))
        // Long words and links wrap by inline rules, which survive a client that drops <style>.
        let cells = html.matches(of: /<td class="(header|content|footer)" style="([^"]*)"/).map { String($0.output.2) }
        #expect(cells.count == 4)
        #expect(cells.allSatisfy { $0.contains("overflow-wrap:anywhere;") && $0.contains("word-break:break-word;") }, "\(cells)")
        #expect(html.utf8.count < 100_000 / 2, "\(html.utf8.count) bytes; Gmail clips at about 100 KB")
    }

    @Test(
        "every edition passes html5lib's strict HTML5 parse",
        .enabled(if: html5libAvailable, "python3 -m pip install html5lib (.ci/setup --test does)"), arguments: archiveNames)
    func strictParse(name: String) throws {
        for edition in [Edition.html, .web] {
            let html = renderer.render(try archivedIssue(name), edition: edition, recipient: reader)
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("digest-\(UUID().uuidString).html")
            try Data(html.utf8).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [
                "python3", "-c",
                "import html5lib,sys; html5lib.HTMLParser(strict=True).parse(open(sys.argv[1],'rb').read())", file.path,
            ]
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(edition) of \(name): \(message)")
        }
    }
}

@Suite("Links in headlines")
struct HeadlineLinkTests {
    static let issue = """
        US-Japan Alliance Digest Vol 2.6
        Date: 2023-04-06

        Headlines
        - Allies sign the [minerals agreement](https://ustr.gov/) in Tokyo

        Details
        - Read [the statement](https://www.mofa.go.jp/) first.

        Footer
        \(HostileIssue.footer)

        """

    @Test("a headline, itself a link to its story, shows its own link as words: no <a> inside an <a>", arguments: [Edition.html, .web])
    func noNestedLinks(edition: Edition) throws {
        let parsed = Settings.thisRepository.parser.parse(Self.issue)
        #expect(parsed.isWellFormed)
        let html = renderer.render(parsed.issue, edition: edition, recipient: reader)
        let headline = try #require(html.firstMatch(of: /<a href="#story-1"[^>]*>(.*?)<\/a>/))
        #expect(headline.output.1 == "Allies sign the minerals agreement in Tokyo")
        #expect(!html.contains("href=\"https://ustr.gov/\""))
        #expect(html.contains("href=\"https://www.mofa.go.jp/\""))
    }
}

/// Issues with text that must come out harmless.
enum HostileIssue {
    static let footer = TextWrapper.wrap(Settings.thisRepository.publication.footer, width: 78).joined(separator: "\n")

    static let text = """
        US-Japan Alliance Digest Vol 2.6
        Date: 2023-04-06
        Image Source: <img src=x onerror=alert(1)>

        Headlines
        - <script>alert("headline")</script> & “quotes” 'too'

        Details
        - Click [here](javascript:alert(1)) or [there](https://example.org/?a=1&b="2") for <b>bold</b> & more.

        Footer
        \(footer)

        """

    static let linked = """
        US-Japan Alliance Digest Vol 2.6
        Date: 2023-04-06

        Headlines
        - Allies meet in Tokyo

        Details
        - Read [the statement](https://www.mofa.go.jp/press/release/pressite_000001_00001.html?lang=en&region=na) first.

        Footer
        \(footer)

        """
}

@Suite("Escaping")
struct EscapingTests {
    @Test("hostile issue text renders as harmless text in every edition", arguments: Edition.allCases)
    func hostile(edition: Edition) {
        let issue = Settings.thisRepository.parser.parse(HostileIssue.text).issue
        let output = renderer.render(issue, edition: edition, recipient: reader)
        if edition == .text {
            // Plain text is not markup; it just must not carry the link as a link.
            #expect(!output.contains("javascript:"))
            #expect(output.contains("<script>alert(\"headline\")</script>"))
            return
        }
        #expect(!output.contains("<script"))
        #expect(!output.contains("<img"))
        #expect(!output.contains("<b>"))
        #expect(!output.contains("javascript:"))
        #expect(output.contains("&lt;script&gt;alert(&quot;headline&quot;)&lt;/script&gt; &amp;"))
        #expect(output.contains("href=\"https://example.org/?a=1&amp;b=&quot;2&quot;\""))
    }
}

@Suite("Templates")
struct TemplateTests {
    @Test("a mistake in a template is reported with the template's file, line and column")
    func templateError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-templates-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: projectRoot.appendingPathComponent("Templates"), to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        let web = folder.appendingPathComponent("web.mustache")
        let text = try String(contentsOf: web, encoding: .utf8).replacingOccurrences(of: "{{/headlines}}", with: "{{/details}}")
        try Data(text.utf8).write(to: web)
        do {
            _ = try Renderer(templatesFolder: folder, settings: .thisRepository, displayFolder: "Templates")
            Issue.record("a broken template was accepted")
        } catch {
            let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("{{/details}}") }! + 1
            #expect(error.description.hasPrefix("Templates/web.mustache:\(line):"))
            #expect(error.description.contains("does not match the section it closes"))
        }
    }

    @Test("a missing template is named")
    func missingTemplate() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-templates-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: projectRoot.appendingPathComponent("Templates"), to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("text.mustache"))
        #expect(throws: RenderError.self) { try Renderer(templatesFolder: folder, settings: .thisRepository) }
    }

    /// The committed templates in a folder of their own, with `change` made to the file `name`.
    func templates(changing name: String, _ change: (String) -> String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-templates-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: projectRoot.appendingPathComponent("Templates"), to: folder)
        let file = folder.appendingPathComponent(name)
        try Data(change(try String(contentsOf: file, encoding: .utf8)).utf8).write(to: file)
        return folder
    }

    @Test("of two broken templates, the first by file name is named, as it always was (email-style before email)")
    func firstBrokenByFileName() throws {
        let folder = try templates(changing: "email.mustache") { $0 + "{{#unclosed}}" }
        defer { try? FileManager.default.removeItem(at: folder) }
        let style = folder.appendingPathComponent("email-style.mustache")
        try Data((try String(contentsOf: style, encoding: .utf8) + "{{#unclosed}}").utf8).write(to: style)
        for _ in 0..<3 {
            do {
                _ = try Renderer(templatesFolder: folder, settings: .thisRepository, displayFolder: "Templates")
                Issue.record("two broken templates were accepted")
            } catch {
                #expect(error.description.hasPrefix("Templates/email-style.mustache:"), "\(error)")
            }
        }
    }

    @Test("a renderer for the email's editions parses their templates and partials, not the site's")
    func emailEditionsOnly() throws {
        let folder = try templates(changing: "site-feed.mustache") { $0 + "{{#unclosed}}" }
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: RenderError.self) { try Renderer(templatesFolder: folder, settings: .thisRepository) }
        let email = try Renderer(templatesFolder: folder, settings: .thisRepository, editions: [.text, .html])
        #expect(!email.hasTemplate("site-feed"))
        // The style the email takes as a partial is there: its copy equals the full renderer's.
        let full = try Renderer(templatesFolder: projectRoot.appendingPathComponent("Templates"), settings: .thisRepository)
        let issue = try archivedIssue("2023-03-23-vol-2.5.issue")
        for edition in [Edition.text, .html] {
            #expect(email.render(issue, edition: edition, recipient: reader) == full.render(issue, edition: edition, recipient: reader))
        }
        #expect(full.render(issue, edition: .html, recipient: reader).contains("<style>"))
    }

    @Test(
        "a partial or parent whose name is dynamic could be any template: then every template is parsed",
        arguments: [
            "{{>*footer}}", "{{> *footer}}", "{{>\u{A0}*footer}}", "{{<*frame}}{{/*frame}}", "{{< *frame}}{{/*frame}}",
            "{{=<% %>=}}<%>\n*footer%>",
        ])
    func dynamicPartial(tag: String) throws {
        let folder = try templates(changing: "text.mustache") { $0 + tag }
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("{{#unclosed}}".utf8).write(to: folder.appendingPathComponent("unnamed-anywhere.mustache"))
        do {
            _ = try Renderer(templatesFolder: folder, settings: .thisRepository, editions: [.text])
            Issue.record("the broken template was not parsed")
        } catch {
            #expect(error.description.contains("unnamed-anywhere.mustache"), "\(error)")
        }
    }
}

@Suite("Personalised copies")
struct PersonalisationTests {
    @Test("each copy carries its reader's unsubscribe link, escaped for the edition, and nobody else's")
    func perReader() throws {
        let issue = try archivedIssue("2023-03-23-vol-2.5.issue")
        let first = Recipient(name: "A", unsubscribeURL: "https://list.example.org/u?t=aaa&l=1")
        let second = Recipient(name: "B", unsubscribeURL: "https://list.example.org/u?t=bbb&l=1")
        let html = renderer.prepare(issue, edition: .html)
        let text = renderer.prepare(issue, edition: .text)
        #expect(html.personalized(for: first).contains("href=\"https://list.example.org/u?t=aaa&amp;l=1\""))
        #expect(!html.personalized(for: first).contains("bbb"))
        #expect(text.personalized(for: second).contains("\nhttps://list.example.org/u?t=bbb&l=1\n"))
        #expect(!text.personalized(for: second).contains("aaa"))
        // Preparing once and rendering directly give the same copy.
        #expect(html.personalized(for: first) == renderer.render(issue, edition: .html, recipient: first))
        #expect(!html.personalized(for: first).contains("\u{0}"))
    }

    @Test("the HTML email hides a reader's long unsubscribe link behind the word; the plain text spells it out")
    func longLink() throws {
        let issue = try archivedIssue("2023-03-23-vol-2.5.issue")
        let link =
            "https://www.spfusa.org/alliance-digest/unsubscribe?reader=firstname.lastname%40example.org&token=0123456789abcdef0123456789abcdef"
        let recipient = Recipient(name: "Firstname Lastname", unsubscribeURL: link)
        let html = renderer.render(issue, edition: .html, recipient: recipient)
        let escaped = link.replacingOccurrences(of: "&", with: "&amp;")
        #expect(html.components(separatedBy: escaped).count - 1 == 1)
        #expect(html.contains("<a href=\"\(escaped)\" style=\"color:#1a5fb4;text-decoration:underline;\">Unsubscribe</a>"))
        let text = renderer.render(issue, edition: .text, recipient: recipient)
        #expect(text.split(separator: "\n").contains { $0 == link })
    }
}

@Suite("Markup in the editions")
struct MarkupTests {
    @Test("links and emphasis written in the issue render as links and emphasis")
    func linksAndEmphasis() {
        let source = HostileIssue.linked.replacingOccurrences(of: "Read [the statement]", with: "Read *now* **all of** [the statement]")
        let issue = Settings.thisRepository.parser.parse(source).issue
        for edition in [Edition.html, .web] {
            let html = renderer.render(issue, edition: edition, recipient: reader)
            #expect(
                html.contains(
                    "Read <em>now</em> <strong>all of</strong> <a href=\"https://www.mofa.go.jp/press/release/pressite_000001_00001.html?lang=en&amp;region=na\""
                ))
        }
        let text = renderer.render(issue, edition: .text, recipient: reader)
        #expect(text.contains("Read now all of the statement [1] first."))
    }
}

@Suite("A prepared edition's marks")
struct PreparedEditionMarkTests {
    /// What a copy must read: every mark replaced by its value, by the standard library's
    /// split and join (Foundation's `replacingOccurrences` stops the process with SIGILL on
    /// the text with a flag and a NUL below).
    func expected(_ template: String, _ recipient: Recipient) -> String {
        func replace(_ text: String, _ mark: String, _ value: String) -> String {
            text.split(separator: mark, omittingEmptySubsequences: false).joined(separator: value)
        }
        return replace(
            replace(template, PreparedEdition.nameMark, recipient.name ?? ""), PreparedEdition.unsubscribeMark, recipient.unsubscribeURL)
    }

    @Test(
        "marks anywhere (first, last, side by side, repeated) and stray NULs give the copy a plain replacement gives",
        arguments: [
            "", "no marks at all", "\u{0}recipient-name\u{0}", "\u{0}unsubscribe-url\u{0}",
            "\u{0}recipient-name\u{0}\u{0}unsubscribe-url\u{0}", "Dear \u{0}recipient-name\u{0}, ",
            "…\u{0}unsubscribe-url\u{0}…\u{0}recipient-name\u{0}…\u{0}unsubscribe-url\u{0}",
            "a stray \u{0} NUL, \u{0}recipient-nam\u{0} half a mark, \u{0}\u{0}recipient-name\u{0}\u{0}",
            "日本語 \u{0}recipient-name\u{0} 🇯🇵 \u{0}unsubscribe-url", "\u{0}",
        ])
    func marks(template: String) {
        let recipient = Recipient(name: "Ann", unsubscribeURL: "https://example.org/u?t=1")
        let prepared = PreparedEdition(edition: .text, template: template)
        #expect(prepared.personalized(for: recipient) == expected(template, recipient))
        let texts = prepared.pieces.compactMap { if case .text(let text) = $0 { text } else { nil } }
        #expect(!texts.contains(""), "no empty stretch of text is kept")
    }
}
