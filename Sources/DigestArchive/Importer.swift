import DigestCore

/// `digest import`: turns a published issue into the issue format.
///
/// It reads the two shapes the publication has used:
/// - **plain**, the team's own text: a `Headlines` line, `- ` headlines, a `Details` line,
///   `- ` details, then the footer;
/// - **web**, the copy of an archive page: the title with its volume, site chrome
///   ("Download this publication (PDF)" and the like), `Image Source:`, a list of `•`
///   headlines, a list of `•` details, the footer, and more site chrome.
///
/// Every word of the issue is kept; site chrome is dropped and each dropped line is
/// reported, so nothing disappears unseen. A document that is neither (an article) is refused.
public struct Importer: Sendable {
    /// What an import made.
    public struct Result: Sendable {
        public var issue: Issue
        /// The issue in canonical form, ready to write.
        public var text: String
        public var volume: Int
        public var number: Int
        public var date: IssueDate
        /// Lines left out as site chrome, and anything else worth knowing.
        public var notes: [Diagnostic]
    }

    /// The published shapes the importer reads.
    public enum Shape: String, Sendable {
        case plain
        case web
    }

    public let settings: Settings
    /// Where long details and the footer are wrapped.
    public static let lineWidth = 78

    public init(settings: Settings) {
        self.settings = settings
    }

    /// Converts the file at `path`; `volume` and `date` supply what the text does not say.
    public func convert(bytes: [UInt8], path: String, volume override: (volume: Int, number: Int)?, date: IssueDate?) throws(ArchiveError)
        -> Result
    {
        let source = SourceText(path: path, bytes: bytes)
        if source.isBinary || source.diagnostics.containsErrors {
            throw .notAnIssue(path: path, reason: "the file is not UTF-8 text; only text copies of issues can be imported")
        }
        var notes: [Diagnostic] = []
        let lines = source.lines
        let content: Content
        switch Self.shape(of: lines) {
        case .plain: content = readPlain(lines, path: path, notes: &notes)
        case .web: content = readWeb(lines, path: path, notes: &notes)
        case nil:
            let paragraphs = lines.split { $0.text.isEmpty }.count
            throw .notAnIssue(
                path: path,
                reason: "this is not an issue of the digest: it has no Headlines and Details lists and no • bullets, "
                    + "but \(paragraphs) paragraphs of prose, like an article; summarise it in a draft (`digest new`) instead")
        }
        guard !content.headlines.isEmpty, !content.details.isEmpty else {
            throw .notAnIssue(path: path, reason: "found no \(content.headlines.isEmpty ? "headlines" : "details"); is this a whole issue?")
        }

        let titleMatch = content.title.flatMap { settings.publication.title.match($0.text) }
        if let title = content.title, titleMatch == nil {
            throw .importNeeds(
                path: path,
                what: "line \(title.number): the title \"\(title.text)\" does not have the form \"\(settings.publication.title)\"")
        }
        if let titleMatch, let override, (titleMatch.volume, titleMatch.number) != override {
            throw .importNeeds(
                path: path,
                what:
                    "the title says Vol \(titleMatch.volume).\(titleMatch.number) but --volume says \(override.volume).\(override.number); drop --volume or correct it"
            )
        }
        guard let (volume, number) = override ?? titleMatch.map({ ($0.volume, $0.number) }) else {
            throw .importNeeds(
                path: path, what: "the issue has no title with its volume and number; pass --volume V.N, such as --volume 1.5")
        }
        guard let date else {
            throw .importNeeds(path: path, what: "published issues carry no date; pass the day it went out with --date YYYY-MM-DD")
        }
        if let dateVolume = settings.schedule.volume(for: date), dateVolume != volume {
            notes.append(
                note(
                    path, line: content.title?.number ?? 1, .warning,
                    "Vol \(volume).\(number) is dated \(date), which falls in Vol \(dateVolume); check --date"))
        }

        let titleText = content.title.map { String($0.text) } ?? settings.title(volume: volume, number: number)
        let match = settings.publication.title.match(titleText)!
        var issue = Issue()
        let nowhere = NodeLocation(SourceRange(start: SourcePosition(line: 1, column: 1), length: 0))
        issue.title = Title(text: titleText, name: match.name, volume: volume, number: number, location: nowhere)
        issue.fields.append(Field(name: FieldName.date.rawValue, value: date.iso, nameLocation: nowhere, valueLocation: nowhere))
        if let credit = content.imageCredit {
            issue.fields.append(Field(name: FieldName.imageSource.rawValue, value: credit, nameLocation: nowhere, valueLocation: nowhere))
        }
        issue.headlines = Section(heading: Heading(location: nowhere), items: content.headlines.map { item($0, wrapped: false) })
        issue.details = Section(heading: Heading(location: nowhere), items: content.details.map { item($0, wrapped: true) })
        if let footer = content.footer {
            let lines = TextWrapper.wrap(footer, width: Self.lineWidth).map {
                TextLine(text: $0, start: SourcePosition(line: 1, column: 1))
            }
            issue.footer = Footer(heading: Heading(location: nowhere), body: Paragraph(lines: lines))
            if footer != settings.publication.footer {
                notes.append(
                    note(
                        path, line: content.footerLine, .warning,
                        "the footer differs from the one in \(SettingsFile.name); it is kept as published, and `digest lint` will show the difference"
                    ))
            }
        } else {
            notes.append(note(path, line: lines.last?.number ?? 1, .warning, "the issue has no footer; `digest lint` will ask for it"))
        }
        notes.sort { $0.range.start < $1.range.start }
        return Result(issue: issue, text: IssuePrinter.print(issue), volume: volume, number: number, date: date, notes: notes)
    }

    /// The words of an issue, as found in either shape.
    struct Content {
        var title: SourceText.Line?
        var imageCredit: String?
        var headlines: [String] = []
        var details: [String] = []
        var footer: String?
        var footerLine = 1
    }

    static func shape(of lines: [SourceText.Line]) -> Shape? {
        let trimmed = lines.map { $0.text.trimmingBlanks }
        if trimmed.contains("Headlines") && trimmed.contains("Details") { return .plain }
        if trimmed.filter({ $0.hasPrefix("•") }).count >= 2 { return .web }
        return nil
    }

    private func item(_ text: String, wrapped: Bool) -> Item {
        let width = Self.lineWidth - 2
        let parts = wrapped ? TextWrapper.wrap(text, width: width) : [text]
        let lines = parts.map { TextLine(text: $0, start: SourcePosition(line: 1, column: 1)) }
        return Item(marker: NodeLocation(SourceRange(start: SourcePosition(line: 1, column: 1), length: 1)), body: Paragraph(lines: lines))
    }

    // MARK: The plain shape

    private func readPlain(_ lines: [SourceText.Line], path: String, notes: inout [Diagnostic]) -> Content {
        var content = Content()
        enum Part { case before, headlines, details, footer }
        var part = Part.before
        var footerLines: [String] = []
        var blankSinceItem = false
        let footerOpening = String(settings.publication.footer.prefix(20))
        for line in lines {
            let text = line.text.trimmingBlanks
            if text.isEmpty {
                blankSinceItem = true
                continue
            }
            defer { if part != .footer { blankSinceItem = false } }
            switch (part, text) {
            case (.before, "Headlines"), (.headlines, "Details"):
                part = part == .before ? .headlines : .details
                continue
            default: break
            }
            let bullet = Self.bulletText(text)
            switch part {
            case .before:
                if content.title == nil, settings.publication.title.match(text) != nil {
                    content.title = line
                } else if let credit = Self.imageCredit(text) {
                    content.imageCredit = credit
                } else {
                    notes.append(note(path, line: line.number, .warning, "left out text before the headlines: \"\(text)\""))
                }
            case .headlines:
                if let bullet { content.headlines.append(bullet) } else { Self.continueLast(&content.headlines, with: text) }
            case .details:
                if let bullet {
                    content.details.append(bullet)
                } else if blankSinceItem || text.hasPrefix(footerOpening) {
                    part = .footer
                    content.footerLine = line.number
                    footerLines.append(text)
                } else {
                    Self.continueLast(&content.details, with: text)
                }
            case .footer:
                footerLines.append(text)
            }
        }
        content.footer = footerLines.isEmpty ? nil : footerLines.joined(separator: " ")
        return content
    }

    // MARK: The web shape

    private func readWeb(_ lines: [SourceText.Line], path: String, notes: inout [Diagnostic]) -> Content {
        var content = Content()
        var groups: [[String]] = []
        var inGroup = false
        var footerLines: [String] = []
        var afterFooter = false
        for line in lines {
            let text = line.text.trimmingBlanks
            if text.isEmpty {
                inGroup = false
                if !footerLines.isEmpty { afterFooter = true }
                continue
            }
            if afterFooter {
                notes.append(note(path, line: line.number, .note, "left out site chrome: \"\(text)\""))
                continue
            }
            if let bullet = Self.bulletText(text), footerLines.isEmpty {
                if !inGroup { groups.append([]) }
                groups[groups.count - 1].append(bullet)
                inGroup = true
                continue
            }
            if groups.count >= 2 {
                if footerLines.isEmpty { content.footerLine = line.number }
                footerLines.append(text)
                continue
            }
            if content.title == nil, groups.isEmpty, settings.publication.title.match(text) != nil {
                content.title = line
            } else if let credit = Self.imageCredit(text), groups.isEmpty {
                content.imageCredit = credit
            } else if Self.isSiteChrome(text, title: content.title.map { String($0.text) }) {
                notes.append(note(path, line: line.number, .note, "left out site chrome: \"\(text)\""))
            } else if !groups.isEmpty, inGroup {
                Self.continueLast(&groups[groups.count - 1], with: text)
            } else {
                notes.append(note(path, line: line.number, .warning, "left out a line that is not part of the issue's lists: \"\(text)\""))
            }
        }
        content.headlines = groups.first ?? []
        content.details = groups.dropFirst().flatMap { $0 }
        if groups.count > 2 {
            notes.append(
                note(
                    path, line: 1, .warning,
                    "found \(groups.count) bullet lists; the first is read as the headlines and the others as details"))
        }
        content.footer = footerLines.isEmpty ? nil : footerLines.joined(separator: " ")
        return content
    }

    static func isSiteChrome(_ text: String, title: String?) -> Bool {
        if text == "Download this publication (PDF)" { return true }
        if let title, text == "Publications \(title)" || text == "Download \(title)" { return true }
        return false
    }

    // MARK: Helpers

    /// The text after a `-`, `•` or `*` bullet, or `nil` when the line is not a bullet.
    static func bulletText(_ text: String) -> String? {
        for marker in ["- ", "• ", "•\u{00A0}", "* "] where text.hasPrefix(marker) {
            return String(text.dropFirst(marker.count)).trimmingBlanks
        }
        if text.hasPrefix("•") { return String(text.dropFirst()).trimmingBlanks }
        return nil
    }

    static func imageCredit(_ text: String) -> String? {
        let prefix = "Image Source:"
        guard text.hasPrefix(prefix) else { return nil }
        let credit = String(text.dropFirst(prefix.count)).trimmingBlanks
        return credit.isEmpty ? nil : credit
    }

    static func continueLast(_ items: inout [String], with text: String) {
        if items.isEmpty { items.append(text) } else { items[items.count - 1] += " " + text }
    }

    private func note(_ path: String, line: Int, _ severity: Severity, _ message: String) -> Diagnostic {
        Diagnostic(
            path: path, range: SourceRange(start: SourcePosition(line: line, column: 1), length: 0),
            severity: severity, rule: "import", message: message)
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces, tabs and no-break spaces.
    var trimmingBlanks: String {
        func isBlank(_ character: Character) -> Bool { character == " " || character == "\t" || character == "\u{00A0}" }
        var start = startIndex
        var end = endIndex
        while start < end, isBlank(self[start]) { start = index(after: start) }
        while end > start, isBlank(self[index(before: end)]) { end = index(before: end) }
        return String(self[start..<end])
    }
}
