import DigestCore

/// A `# digest-lint:` comment that silences findings.
///
/// - `# digest-lint: disable-file RULE, …` silences the rules in the whole file;
/// - `# digest-lint: disable-next-line RULE, …` on a comment line silences the next line
///   that is not a comment;
/// - `… text  # digest-lint: disable-line RULE, …` at the end of a text line silences that line.
///
/// With no rule named, every rule is silenced. A directive that silences nothing is
/// reported (`unused-disable`), and so is one that cannot be read (`lint-directive`).
struct Directive: Sendable {
    enum Scope: String, Sendable, CaseIterable {
        case file = "disable-file"
        case nextLine = "disable-next-line"
        case line = "disable-line"
    }

    var scope: Scope
    /// The rules it names; empty for all.
    var rules: [String]
    /// Where the directive is written.
    var range: SourceRange
    /// The line it silences, for line scopes.
    var targetLine: Int?

    func silences(_ diagnostic: Diagnostic) -> Bool {
        guard rules.isEmpty || rules.contains(diagnostic.rule) else { return false }
        switch scope {
        case .file: return true
        case .line, .nextLine: return diagnostic.range.start.line == targetLine
        }
    }

    /// The directives of an issue, and findings for those that cannot be read.
    static func collect(from issue: Issue, knownRules: Set<String>) -> (directives: [Directive], problems: [Finding]) {
        let comments = issue.allComments
        // The line each run of comment lines leads to, worked out once: walking down from
        // each comment made a long run of disable-next-line comments quadratic.
        var lineAfterComments: [Int: Int] = [:]
        for line in Set(comments.map { $0.location.range.start.line }).sorted(by: >) {
            lineAfterComments[line] = lineAfterComments[line + 1] ?? line + 1
        }
        var directives: [Directive] = []
        var problems: [Finding] = []
        let trailing = issue.allTextLines.compactMap(\.directive)
        for (comment, isTrailing) in comments.map({ ($0, false) }) + trailing.map({ ($0, true) }) {
            let text = comment.text
            guard text.hasPrefix(TextLine.directiveMarker) else { continue }
            let range = comment.location.range
            let body = text.dropFirst(TextLine.directiveMarker.count).split(separator: " ", maxSplits: 1)
            let command = body.first.map(String.init) ?? ""
            guard let scope = Scope(rawValue: command) else {
                problems.append(
                    Finding(
                        range: range,
                        message: "unknown directive \(WorkLimits.quoted(command)); write disable-line, disable-next-line or disable-file"))
                continue
            }
            let rules = (body.count > 1 ? body[1] : "").split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
            for rule in rules where !knownRules.contains(rule) {
                // The distance takes time as the product of the lengths; no rule's name is long.
                let suggestion =
                    rule.utf8.count > WorkLimits.longestWord ? nil : knownRules.min { editDistance($0, rule) < editDistance($1, rule) }
                problems.append(
                    Finding(
                        range: range,
                        message: "unknown rule \(WorkLimits.quoted(rule))" + (suggestion.map { "; did you mean \"\($0)\"?" } ?? "")
                            + " (`digest lint --list-rules` lists them)"))
            }
            var target: Int?
            switch scope {
            case .file:
                break
            case .line:
                guard isTrailing else {
                    problems.append(
                        Finding(
                            range: range,
                            message: "disable-line silences the line it ends; put it after the text, or use disable-next-line here"))
                    continue
                }
                target = range.start.line
            case .nextLine:
                guard !isTrailing else {
                    problems.append(
                        Finding(
                            range: range, message: "disable-next-line belongs on a comment line of its own; use disable-line here"))
                    continue
                }
                target = lineAfterComments[range.start.line + 1] ?? range.start.line + 1
            }
            let known = rules.filter(knownRules.contains)
            // A directive that names only unknown rules silences nothing, rather than everything.
            guard rules.isEmpty || !known.isEmpty else { continue }
            directives.append(Directive(scope: scope, rules: known, range: range, targetLine: target))
        }
        return (directives, problems)
    }
}

/// Levenshtein distance, for suggesting the rule an editor meant.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + [Int](repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}

extension Issue {
    /// Every comment line of the issue, wherever it stands.
    var allComments: [Comment] {
        var comments = (title?.leadingComments ?? []) + fields.flatMap(\.leadingComments) + headerComments
        for section in [headlines, details] {
            comments += section.heading?.leadingComments ?? []
            for item in section.items {
                comments += item.leadingComments
                comments += item.body.pieces.compactMap { if case .comment(let comment) = $0 { comment } else { nil } }
            }
        }
        comments += footer.heading?.leadingComments ?? []
        comments += footer.body?.pieces.compactMap { if case .comment(let comment) = $0 { comment } else { nil } } ?? []
        return comments + trailingComments
    }

    /// Every line of text in headlines, details and the footer.
    var allTextLines: [TextLine] {
        (headlines.items + details.items).flatMap(\.body.lines) + (footer.body?.lines ?? [])
    }
}
