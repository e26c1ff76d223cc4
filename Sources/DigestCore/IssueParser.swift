/// What parsing a file gives: the issue, as complete as the text allows, and every problem found.
public struct ParseResult: Sendable {
    public var issue: Issue
    public var diagnostics: [Diagnostic]

    public init(issue: Issue, diagnostics: [Diagnostic]) {
        self.issue = issue
        self.diagnostics = diagnostics
    }

    /// Whether the file is a well-formed issue (it may still have warnings).
    public var isWellFormed: Bool { !diagnostics.containsErrors }
}

/// Reads the issue format (see the README, "The issue format") line by line.
///
/// The parser never stops at the first problem and never traps: every problem becomes a
/// diagnostic with its position, and the issue it returns holds everything it could read.
public struct IssueParser: Sendable {
    /// The section headings, in the order they must come.
    public enum SectionName: String, CaseIterable, Sendable {
        case headlines = "Headlines"
        case details = "Details"
        case footer = "Footer"
    }

    /// More problems than this in one file are summarised in one last note.
    public static let diagnosticLimit = 200
    /// A title longer than this is not a title.
    static let titleLengthLimit = 300

    public let titlePattern: TitlePattern
    /// The publication's name, used only to show an editor a title of the right form.
    public let publicationName: String

    /// A parser for one publication's issues; ``Settings/parser`` makes the one its settings describe.
    public init(titlePattern: TitlePattern, publicationName: String) {
        self.titlePattern = titlePattern
        self.publicationName = publicationName
    }

    /// Parses the bytes of a file; `path` is only used to name the file in diagnostics.
    public func parse(bytes: [UInt8], path: String) -> ParseResult {
        parse(SourceText(path: path, bytes: bytes))
    }

    /// Parses a string, as if it were the UTF-8 file at `path`.
    public func parse(_ text: String, path: String = "<input>") -> ParseResult {
        parse(bytes: Array(text.utf8), path: path)
    }

    public func parse(_ source: SourceText) -> ParseResult {
        var state = State(
            path: source.path, titlePattern: titlePattern, exampleTitle: titlePattern.title(name: publicationName, volume: 2, number: 6))
        state.diagnostics = source.diagnostics
        if !source.isBinary {
            for line in source.lines {
                state.consume(line)
            }
            state.finish(lastLine: source.lines.last?.number ?? 1, isEmpty: source.lines.allSatisfy { $0.text.isEmpty })
        }
        var diagnostics = state.diagnostics
        if diagnostics.count > Self.diagnosticLimit {
            let hidden = diagnostics.count - Self.diagnosticLimit
            diagnostics = Array(diagnostics.prefix(Self.diagnosticLimit))
            let last = diagnostics[diagnostics.count - 1]
            diagnostics.append(
                Diagnostic(
                    path: source.path, range: last.range, severity: .note, rule: "format.limit",
                    message: "\(hidden) more problems in this file are not shown; mend these first"))
        }
        return ParseResult(issue: state.issue, diagnostics: diagnostics)
    }
}

extension IssueParser {
    /// Where the parser is in the file.
    private enum Region: Int, Comparable {
        case header, headlines, details, footer

        static func < (lhs: Region, rhs: Region) -> Bool { lhs.rawValue < rhs.rawValue }

        init(_ section: SectionName) {
            switch section {
            case .headlines: self = .headlines
            case .details: self = .details
            case .footer: self = .footer
            }
        }
    }

    private struct State {
        let path: String
        let titlePattern: TitlePattern
        /// A title in the publication's form, shown in messages about a missing or malformed one.
        let exampleTitle: String
        var issue = Issue()
        var diagnostics: [Diagnostic] = []
        var region = Region.header
        var pendingComments: [Comment] = []
        var sawBlankSinceText = false
        /// The section heading each region was opened by, to report a second one.
        var headingLines: [Region: Int] = [:]
        var sawHeaderText = false

        init(path: String, titlePattern: TitlePattern, exampleTitle: String) {
            self.path = path
            self.titlePattern = titlePattern
            self.exampleTitle = exampleTitle
        }

        mutating func consume(_ line: SourceText.Line) {
            let text = line.text
            if text.first == "#" {
                pendingComments.append(
                    Comment(
                        text: String(text),
                        location: NodeLocation(SourceRange(start: position(line, 0), length: text.unicodeScalars.count))))
                return
            }
            if text.allSatisfy({ $0 == " " }) {
                sawBlankSinceText = true
                attachCommentsBeforeBlank()
                return
            }
            defer { sawBlankSinceText = false }
            if let section = sectionHeading(line) {
                openSection(section, line: line)
                return
            }
            switch region {
            case .header: consumeHeader(line)
            case .headlines, .details: consumeListLine(line)
            case .footer: consumeFooterLine(line)
            }
        }

        /// Comments followed by a blank line belong to what they follow: the header, or the last item.
        mutating func attachCommentsBeforeBlank() {
            guard !pendingComments.isEmpty else { return }
            switch region {
            case .header where issue.title != nil || !issue.fields.isEmpty:
                issue.headerComments += takeComments()
            case .headlines, .details:
                guard currentItemCount > 0 else { return }
                let comments = takeComments().map(Paragraph.Piece.comment)
                withCurrentItems { $0[$0.count - 1].body.pieces += comments }
            default:
                return
            }
        }

        mutating func takeComments() -> [Comment] {
            defer { pendingComments = [] }
            return pendingComments
        }

        // MARK: Sections

        /// The section a heading line opens, reporting near misses such as `Headlines:`.
        mutating func sectionHeading(_ line: SourceText.Line) -> SectionName? {
            // Headings are short words; items and prose are not. An indented heading word is
            // a misplaced heading after a blank line, but a detail's last words right under it.
            guard let first = line.text.utf8.first, first != UInt8(ascii: "-"), line.text.utf8.count <= 16 else { return nil }
            if first == UInt8(ascii: " "), !sawBlankSinceText, region != .header { return nil }
            if let exact = SectionName(rawValue: String(line.text)) { return exact }
            var loose = line.text.trimmingCharacters(in: " ")
            if loose.hasSuffix(":") { loose.removeLast() }
            guard let near = SectionName.allCases.first(where: { $0.rawValue.lowercased() == loose.lowercased() }) else {
                return nil
            }
            report(
                .error, "format.section", SourceRange(start: position(line, 0), length: line.text.unicodeScalars.count),
                "write the section heading as \"\(near.rawValue)\", alone on its line",
                replacement: near.rawValue)
            return near
        }

        mutating func openSection(_ section: SectionName, line: SourceText.Line) {
            let target = Region(section)
            let range = SourceRange(start: position(line, 0), length: line.text.unicodeScalars.count)
            if let earlier = headingLines[target] {
                report(
                    .error, "format.section", range,
                    "second \"\(section.rawValue)\" heading; the first is on line \(earlier), so move these items there and delete this heading"
                )
                region = target
                return
            }
            if target < region {
                let current = SectionName.allCases.first { Region($0) == region }?.rawValue ?? "the header"
                report(
                    .error, "format.section", range,
                    "\"\(section.rawValue)\" comes after \"\(current)\"; the sections go Headlines, Details, Footer")
            }
            headingLines[target] = line.number
            let heading = Heading(leadingComments: takeComments(), location: NodeLocation(range))
            switch section {
            case .headlines: issue.headlines.heading = heading
            case .details: issue.details.heading = heading
            case .footer: issue.footer.heading = heading
            }
            region = target
        }

        // MARK: Header

        mutating func consumeHeader(_ line: SourceText.Line) {
            defer { sawHeaderText = true }
            if issue.title == nil && !sawHeaderText {
                if let field = fieldParts(line), FieldName.allCases.contains(where: { $0.rawValue.lowercased() == field.name.lowercased() })
                {
                    report(
                        .error, "format.title", SourceRange(start: position(line, 0), length: 1),
                        "the issue has no title line; start it with a title such as \"\(exampleTitle)\""
                    )
                    consumeField(line, field)
                } else {
                    consumeTitle(line)
                }
                return
            }
            guard let field = fieldParts(line) else {
                report(
                    .error, "format.field", SourceRange(start: position(line, 0), length: line.text.unicodeScalars.count),
                    "expected a header field such as \"Date: 2023-04-06\", or the \"Headlines\" heading")
                return
            }
            consumeField(line, field)
        }

        mutating func consumeTitle(_ line: SourceText.Line) {
            let text = line.text
            let range = SourceRange(start: position(line, 0), length: text.unicodeScalars.count)
            let example = exampleTitle
            guard text.unicodeScalars.count <= IssueParser.titleLengthLimit, let match = titlePattern.match(text) else {
                report(
                    .error, "format.title", range,
                    "the title must have the form \"\(titlePattern)\", such as \"\(example)\"")
                return
            }
            if match.volume < 1 || match.number < 1 {
                report(.error, "format.title", range, "volume and issue numbers start at 1, as in \"\(example)\"")
            }
            issue.title = Title(
                leadingComments: takeComments(), text: String(text), name: match.name,
                volume: match.volume, number: match.number, location: NodeLocation(range))
        }

        /// Splits `Name: value`; `nil` when the line has no colon after a short name.
        func fieldParts(_ line: SourceText.Line) -> (name: Substring, value: Substring, valueOffset: Int)? {
            guard let colon = line.text.firstIndex(of: ":") else { return nil }
            let name = line.text[..<colon]
            guard !name.isEmpty, name.count <= 40, name.allSatisfy({ $0.isLetter || $0 == " " || $0 == "-" }) else { return nil }
            let afterColon = line.text[line.text.index(after: colon)...]
            let value = afterColon.drop { $0 == " " }
            let valueOffset = line.text.unicodeScalars.distance(
                from: line.text.unicodeScalars.startIndex, to: value.unicodeScalars.startIndex)
            return (name, value, valueOffset)
        }

        mutating func consumeField(_ line: SourceText.Line, _ parts: (name: Substring, value: Substring, valueOffset: Int)) {
            let nameRange = SourceRange(start: position(line, 0), length: parts.name.unicodeScalars.count)
            let valueRange = SourceRange(start: position(line, parts.valueOffset), length: parts.value.unicodeScalars.count)
            let known = FieldName.allCases.map(\.rawValue)
            guard let name = FieldName.allCases.first(where: { $0.rawValue.lowercased() == parts.name.lowercased() }) else {
                report(
                    .error, "format.field", nameRange,
                    "unknown header field \"\(parts.name)\"; the fields are \(Self.list(known.map { "\"\($0)\"" }))")
                return
            }
            if name.rawValue != parts.name {
                report(.error, "format.field", nameRange, "write the field name as \"\(name.rawValue)\"", replacement: name.rawValue)
            }
            if let earlier = issue.field(name) {
                report(
                    .error, "format.field", nameRange,
                    "second \"\(name.rawValue)\" field; the first is on line \(earlier.nameLocation.range.start.line), so delete one")
                return
            }
            if parts.value.isEmpty {
                report(
                    .error, "format.field", SourceRange(start: nameRange.start, length: line.text.unicodeScalars.count),
                    name == .date
                        ? "the date is empty; write it as YYYY-MM-DD, such as 2023-04-06"
                        : "the \"\(name.rawValue)\" field is empty; write its value or delete the line")
            } else if name == .date, IssueDate(iso: parts.value) == nil {
                let looksISO = parts.value.count == 10 && parts.value.split(separator: "-").count == 3
                report(
                    .error, "format.date", valueRange,
                    looksISO
                        ? "\(parts.value) is not a day in the calendar; check the month and the day"
                        : "write the date as YYYY-MM-DD, such as 2023-04-06")
            }
            issue.fields.append(
                Field(
                    leadingComments: takeComments(), name: name.rawValue, value: String(parts.value),
                    nameLocation: NodeLocation(nameRange), valueLocation: NodeLocation(valueRange)))
        }

        // MARK: Headlines and details

        var listName: String { region == .headlines ? "headline" : "detail" }

        var currentItemCount: Int {
            region == .headlines ? issue.headlines.items.count : issue.details.items.count
        }

        /// Changes the items of the current list in place: copying the list for each line
        /// would make a long detail or a long list quadratic.
        mutating func withCurrentItems(_ change: (inout [Item]) -> Void) {
            if region == .headlines { change(&issue.headlines.items) } else { change(&issue.details.items) }
        }

        mutating func consumeListLine(_ line: SourceText.Line) {
            let text = line.text
            if let bullet = bulletPrefix(text) {
                startItem(line, markerLength: bullet.markerLength, contentOffset: bullet.contentOffset)
                if let wrong = bullet.wrongMarker {
                    report(
                        .error, "format.bullet", SourceRange(start: position(line, 0), length: wrong.count),
                        "start each \(listName) with \"- \", not \"\(wrong)\"", replacement: "- ")
                } else if bullet.contentOffset == 1 && line.text.unicodeScalars.count > 1 {
                    report(
                        .error, "format.bullet", SourceRange(start: position(line, 0), length: 1),
                        "put a space after \"-\" to start a \(listName)", replacement: "- ")
                }
                return
            }
            let indent = text.unicodeScalars.prefix { $0 == " " }.count
            guard currentItemCount > 0 else {
                report(
                    .error, "format.bullet", SourceRange(start: position(line, indent), length: text.unicodeScalars.count - indent),
                    "start each \(listName) with \"- \"")
                startItem(line, markerLength: 0, contentOffset: indent)
                return
            }
            let number = currentItemCount
            if indent == 0 {
                report(
                    .error, "format.indent", SourceRange(start: position(line, 0), length: text.unicodeScalars.count),
                    region == .headlines
                        ? "start each headline with \"- \""
                        : "indent this line by two spaces to continue detail \(number), or start a new detail with \"- \"")
            } else if region == .headlines {
                report(
                    .error, "format.indent", SourceRange(start: position(line, indent), length: text.unicodeScalars.count - indent),
                    "a headline is one line; join this line to headline \(number) or start a new headline with \"- \"")
            } else if sawBlankSinceText {
                report(
                    .warning, "format.indent", SourceRange(start: position(line, indent), length: 1),
                    "blank line inside detail \(number); delete it, or start a new detail with \"- \"")
            }
            let pieces =
                takeComments().map(Paragraph.Piece.comment) + [
                    .line(TextLine.splittingDirective(Self.dropScalars(indent, from: text), start: position(line, indent)))
                ]
            withCurrentItems { $0[$0.count - 1].body.pieces += pieces }
        }

        /// The characters a list line may start with, and whether each is the right one.
        static let bulletMarkers: [Unicode.Scalar: Bool] = ["-": true, "•": false, "–": false, "—": false, "*": false, "·": false]

        /// The marker starting an item: `- `, or a wrong one such as `•` that we still read as a bullet.
        func bulletPrefix(_ text: Substring) -> (markerLength: Int, contentOffset: Int, wrongMarker: String?)? {
            let scalars = text.unicodeScalars
            guard let first = scalars.first else { return nil }
            guard let isRight = Self.bulletMarkers[first] else { return nil }
            let spaces = scalars.dropFirst().prefix { $0 == " " }.count
            if !isRight && spaces == 0 { return nil }
            if first == "-" && spaces == 0 && scalars.count > 1 && scalars.dropFirst().first == "-" { return nil }
            return (1, 1 + spaces, isRight ? nil : String(first) + String(repeating: " ", count: spaces))
        }

        mutating func startItem(_ line: SourceText.Line, markerLength: Int, contentOffset: Int) {
            // Copied into a string once, by the directive split, rather than once here and again there.
            let content = Self.dropScalars(contentOffset, from: line.text)
            let marker = NodeLocation(SourceRange(start: position(line, 0), length: markerLength))
            if content.isEmpty {
                report(
                    .error, "format.bullet", SourceRange(start: position(line, 0), length: max(markerLength, 1)),
                    "empty \(listName); write it after \"- \" or delete the line")
            }
            let item = Item(
                leadingComments: takeComments(), marker: marker,
                body: Paragraph(lines: [TextLine.splittingDirective(content, start: position(line, contentOffset))]))
            withCurrentItems { $0.append(item) }
        }

        // MARK: Footer

        mutating func consumeFooterLine(_ line: SourceText.Line) {
            let indent = line.text.unicodeScalars.prefix { $0 == " " }.count
            let textLine = TextLine.splittingDirective(Self.dropScalars(indent, from: line.text), start: position(line, indent))
            if issue.footer.body == nil {
                issue.footer.body = Paragraph(pieces: takeComments().map(Paragraph.Piece.comment) + [.line(textLine)])
                return
            }
            if sawBlankSinceText {
                report(
                    .error, "format.footer", SourceRange(start: position(line, indent), length: 1),
                    "the footer is one paragraph; delete the blank line above or this text")
            }
            let pieces = takeComments().map(Paragraph.Piece.comment) + [.line(textLine)]
            issue.footer.body?.pieces += pieces
        }

        // MARK: The end

        mutating func finish(lastLine: Int, isEmpty: Bool) {
            issue.trailingComments = takeComments()
            let end = SourceRange(start: SourcePosition(line: lastLine, column: 1), length: 1)
            if isEmpty {
                report(
                    .error, "format.empty", SourceRange(start: SourcePosition(line: 1, column: 1), length: 0),
                    "the file is empty; run `digest new` to start an issue, or write its title, Date, Headlines, Details and Footer")
                return
            }
            if issue.title == nil && !diagnostics.contains(where: { $0.rule == "format.title" }) {
                report(
                    .error, "format.title", SourceRange(start: SourcePosition(line: 1, column: 1), length: 1),
                    "the issue has no title line; start it with a title such as \"\(exampleTitle)\""
                )
            }
            if issue.field(.date) == nil {
                let after = issue.title?.location.range ?? SourceRange(start: SourcePosition(line: 1, column: 1), length: 1)
                report(.error, "format.date", after, "the issue has no date; add a line \"Date: YYYY-MM-DD\" under the title")
            }
            for (section, name) in [(issue.headlines, "Headlines"), (issue.details, "Details")] {
                if let heading = section.heading {
                    if section.items.isEmpty {
                        report(
                            .error, "format.section", heading.location.range,
                            "\"\(name)\" has no items; add them as lines starting with \"- \"")
                    }
                } else {
                    report(
                        .error, "format.section", end,
                        "the issue has no \"\(name)\" section; add a line \"\(name)\" followed by items starting with \"- \"")
                }
            }
            if let heading = issue.footer.heading {
                if issue.footer.body == nil {
                    report(.error, "format.footer", heading.location.range, "the footer is empty; write the footer text under \"Footer\"")
                }
            } else {
                report(
                    .error, "format.footer", end, "the issue has no \"Footer\" section; add a line \"Footer\" followed by the footer text")
            }
            for (items, name) in [(issue.headlines.items, "headline"), (issue.details.items, "detail")] {
                for item in items {
                    let problems = InlineParser.problems(in: item.body)
                    guard !problems.isEmpty else { continue }
                    let map = item.body.positionMap
                    for problem in problems.prefix(IssueParser.diagnosticLimit + 1) {
                        report(
                            .error, "format.markup", map.range(atOffset: problem.offset, length: problem.length),
                            "in this \(name): \(problem.message)")
                    }
                }
            }
        }

        // MARK: Helpers

        /// `a, b and c`.
        static func list(_ words: [String]) -> String {
            guard words.count > 1 else { return words.first ?? "" }
            return words.dropLast().joined(separator: ", ") + " and " + words[words.count - 1]
        }

        /// `text` without its first `count` Unicode scalars. (Dropping Characters would take
        /// a combining mark after the indentation with the last space.)
        static func dropScalars(_ count: Int, from text: Substring) -> Substring {
            Substring(text.unicodeScalars.dropFirst(count))
        }

        /// The position `scalarOffset` scalars into `line`.
        func position(_ line: SourceText.Line, _ scalarOffset: Int) -> SourcePosition {
            SourcePosition(line: line.number, column: scalarOffset + 1)
        }

        mutating func report(_ severity: Severity, _ rule: String, _ range: SourceRange, _ message: String, replacement: String? = nil) {
            diagnostics.append(
                Diagnostic(
                    path: path, range: range, severity: severity, rule: rule, message: message,
                    fix: replacement.map { Fix(range: range, replacement: $0) }))
        }
    }
}

extension Substring {
    /// Without `character` at either end.
    func trimmingCharacters(in character: Character) -> String {
        var start = startIndex
        var end = endIndex
        while start < end, self[start] == character { start = index(after: start) }
        while end > start, self[index(before: end)] == character { end = index(before: end) }
        return String(self[start..<end])
    }
}
