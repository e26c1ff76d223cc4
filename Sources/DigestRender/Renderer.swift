import DigestCore
import Foundation
import Mustache

/// The three editions of an issue.
public enum Edition: String, Sendable, CaseIterable {
    /// The plain-text part of the email.
    case text
    /// The HTML part of the email.
    case html
    /// The page for the publication's web archive.
    case web

    /// The template that renders this edition: `Templates/<name>.mustache`.
    public var templateName: String {
        switch self {
        case .text: "text"
        case .html: "email"
        case .web: "web"
        }
    }

    /// The file extension of a rendered copy.
    public var fileExtension: String {
        switch self {
        case .text: "txt"
        case .html: "email.html"
        case .web: "html"
        }
    }
}

/// Who a copy is for: what the per-subscriber parts of the templates say.
public struct Recipient: Sendable {
    public var name: String?
    /// The link that unsubscribes this reader: behind the words "Unsubscribe" in the HTML
    /// email, spelled out in the plain text, which cannot hide it.
    public var unsubscribeURL: String

    public init(name: String? = nil, unsubscribeURL: String) {
        self.name = name
        self.unsubscribeURL = unsubscribeURL
    }
}

/// Renders issues through the templates an editor can change without touching Swift.
public struct Renderer: Sendable {
    public let settings: Settings
    let library: MustacheLibrary

    /// Reads every `*.mustache` file in `folder`; each can be used as a partial by its name.
    /// Given `editions`, only their templates are parsed, with every template they may use
    /// as a partial or parent (one whose name their text contains; all of them when such a
    /// name is dynamic, `{{>*name}}` or `{{<*name}}`), so that a send does not parse the
    /// site's templates. A template not parsed is neither checked nor rendered by this renderer.
    public init(
        templatesFolder folder: URL, settings: Settings, displayFolder: String? = nil, editions: [Edition]? = nil
    ) throws(RenderError) {
        self.settings = settings
        let shown = displayFolder ?? folder.path
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mustache") }.sorted()
        } catch {
            throw .unreadable(path: shown, reason: "cannot list the templates folder (\(error.localizedDescription))")
        }
        var sources: [String: String] = [:]
        for name in names {
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else {
                throw .unreadable(path: "\(shown)/\(name)", reason: "cannot read the template")
            }
            sources[String(name.dropLast(".mustache".count))] = String(decoding: data, as: UTF8.self)
        }
        for edition in Edition.allCases where sources[edition.templateName] == nil {
            throw .missingTemplate(name: edition.templateName, folder: shown)
        }
        var templates: [String: MustacheTemplate] = [:]
        guard let editions else {
            // Every template, in the order of their file names: of two broken ones, the same is named first.
            for (name, source) in sources.sorted(by: { "\($0.key).mustache" < "\($1.key).mustache" }) {
                templates[name] = try Self.parse(source, path: "\(shown)/\(name).mustache")
            }
            library = MustacheLibrary(templates: templates)
            return
        }
        var toParse = Array(editions.map(\.templateName).reversed())
        while let name = toParse.popLast() {
            guard templates[name] == nil, let source = sources[name] else { continue }
            templates[name] = try Self.parse(source, path: "\(shown)/\(name).mustache")
            let dynamic = Self.namesTemplateDynamically(source)
            toParse += sources.keys.sorted().filter { templates[$0] == nil && (dynamic || source.contains($0)) }.reversed()
        }
        library = MustacheLibrary(templates: templates)
    }

    /// Whether `source` may take a partial or parent by a name that comes from the values
    /// (`{{>*name}}`, `{{< *name}}`): a `>` or `<`, then whitespace or none, then `*`. Looked
    /// for in the whole text, whatever the delimiters, and any character beyond ASCII counted
    /// as whitespace: text that merely looks like it costs only the parsing of every template.
    static func namesTemplateDynamically(_ source: String) -> Bool {
        var afterAngle = false
        for byte in source.utf8 {
            switch byte {
            case UInt8(ascii: ">"), UInt8(ascii: "<"): afterAngle = true
            case UInt8(ascii: "*") where afterAngle: return true
            case 0x09...0x0D, UInt8(ascii: " "), 0x80...: break
            default: afterAngle = false
            }
        }
        return false
    }

    /// The template in `source`, or where and why it does not parse.
    static func parse(_ source: String, path: String) throws(RenderError) -> MustacheTemplate {
        do {
            return try MustacheTemplate(string: source)
        } catch let error as MustacheTemplate.ParserError {
            throw .template(
                path: path, line: error.context.lineNumber, column: error.context.columnNumber, message: Self.describe(error.error))
        } catch {
            throw .template(path: path, line: 1, column: 1, message: "\(error)")
        }
    }

    static func describe(_ error: Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "\(error)" }
        switch error {
        case .sectionCloseNameIncorrect: return "this closing tag does not match the section it closes; close {{#name}} with {{/name}}"
        case .unfinishedName: return "this tag is not finished; close it with }}"
        case .expectedSectionEnd: return "a section is never closed; add {{/name}} where it ends"
        case .invalidSetDelimiter: return "this set-delimiter tag is malformed"
        default: return "the template cannot be read here (\(error))"
        }
    }

    /// Whether `Templates/<name>.mustache` was read and parsed (by a renderer for some
    /// editions, only if theirs or one they may use).
    public func hasTemplate(_ name: String) -> Bool {
        library.getTemplate(named: name) != nil
    }

    /// `issue` through the template `name` with the web edition's values and `extra` added
    /// (the site's page and feed entry, which know the issue's neighbours and addresses);
    /// `nil` when there is no such template parsed.
    public func render(_ issue: Issue, template name: String, adding extra: [String: Any], image: ImageHeader? = nil) -> String? {
        let view = IssueView(issue: issue, settings: settings, recipient: Recipient(unsubscribeURL: ""), image: image)
        return library.render(view.values(for: .web).merging(extra) { $1 }, withTemplate: name)
    }

    /// The template `name` with `values` (the site's index, feed and sitemap); `nil` when
    /// there is no such template parsed.
    public func render(template name: String, values: [String: Any]) -> String? {
        library.render(values, withTemplate: name)
    }

    /// One edition of `issue` for `recipient`; `image` is the lead image file's header, which
    /// gives the image its height (``LeadImage/header(besideIssueAt:)``).
    public func render(_ issue: Issue, edition: Edition, recipient: Recipient, image: ImageHeader? = nil) -> String {
        prepare(issue, edition: edition, image: image).personalized(for: recipient)
    }

    /// An edition rendered once for every reader: the per-reader values are marked, and
    /// ``PreparedEdition/personalized(for:)`` fills them in for each copy, so a send renders
    /// the templates once rather than once per subscriber.
    public func prepare(_ issue: Issue, edition: Edition, image: ImageHeader? = nil) -> PreparedEdition {
        let marked = Recipient(name: PreparedEdition.nameMark, unsubscribeURL: PreparedEdition.unsubscribeMark)
        let view = IssueView(issue: issue, settings: settings, recipient: marked, image: image)
        let text = library.render(view.values(for: edition), withTemplate: edition.templateName) ?? ""
        return PreparedEdition(edition: edition, template: text)
    }
}

/// An edition with the per-reader values still to fill in.
///
/// The marks are NUL-delimited words, which no issue can contain (the parser refuses
/// control characters) and which HTML escaping leaves as they are. Per-reader values are
/// substituted as values, escaped for the edition; a template cannot branch on them.
public struct PreparedEdition: Sendable {
    static let nameMark = "\u{0}recipient-name\u{0}"
    static let unsubscribeMark = "\u{0}unsubscribe-url\u{0}"

    /// A stretch of the rendered edition, or a place for a reader's value.
    public enum Piece: Sendable {
        case text(String)
        case name
        case unsubscribeURL
    }

    public let edition: Edition
    public let pieces: [Piece]
    let length: Int

    /// The marks as bytes, with the piece each stands for.
    static let marks: [(piece: Piece, bytes: [UInt8])] = [(.name, Array(nameMark.utf8)), (.unsubscribeURL, Array(unsubscribeMark.utf8))]

    /// `template` cut at its marks. A mark starts with NUL, so only the NULs are looked at
    /// closely, in the UTF-8 bytes, not by Foundation's `components(separatedBy:)`, which
    /// compares Unicode text and is the slower by far.
    init(edition: Edition, template: String) {
        self.edition = edition
        var pieces: [Piece] = []
        var template = template
        template.withUTF8 { bytes in
            func appendText(_ range: Range<Int>) {
                if !range.isEmpty { pieces.append(.text(String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self))) }
            }
            var textStart = 0
            var index = 0
            while let nul = bytes[index...].firstIndex(of: 0) {
                guard let mark = Self.marks.first(where: { bytes[nul...].starts(with: $0.bytes) }) else {
                    index = nul + 1
                    continue
                }
                appendText(textStart..<nul)
                pieces.append(mark.piece)
                index = nul + mark.bytes.count
                textStart = index
            }
            appendText(textStart..<bytes.count)
        }
        self.pieces = pieces
        length = template.utf8.count
    }

    /// The copy for `recipient`.
    public func personalized(for recipient: Recipient) -> String {
        let values = values(for: recipient)
        var copy = ""
        copy.reserveCapacity(length + 256)
        for piece in pieces {
            switch piece {
            case .text(let text): copy += text
            case .name: copy += values.name
            case .unsubscribeURL: copy += values.unsubscribeURL
            }
        }
        return copy
    }

    /// What goes in the places of `recipient`'s values, escaped for the edition.
    public func values(for recipient: Recipient) -> (name: String, unsubscribeURL: String) {
        edition == .text
            ? (recipient.name ?? "", recipient.unsubscribeURL)
            : (InlineHTML.escape(recipient.name ?? ""), InlineHTML.escape(recipient.unsubscribeURL))
    }
}
