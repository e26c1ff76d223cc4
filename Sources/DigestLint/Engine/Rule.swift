import DigestCore

/// A house-style check on one parsed issue.
///
/// A rule describes itself (``RuleDescription``) with examples that one shared test runs,
/// so a rule without examples cannot ship. Rules are stateless: everything they need
/// comes in the ``LintContext``.
public protocol Rule: Sendable {
    /// What the rule checks, why, and examples of text it flags and text it accepts.
    static var description: RuleDescription { get }

    init()

    /// The problems in the issue, with fixes where the mend is certain.
    func check(_ context: LintContext) -> [Finding]
}

extension Rule {
    /// The rule's identifier, such as `headline-period`.
    public var identifier: String { Self.description.identifier }
}

/// What kind of evidence a rule looks at.
public enum RuleScope: String, Sendable, CaseIterable {
    /// The shape of the issue: headlines against details, the footer, the title.
    case structure
    /// The words of headlines and details.
    case prose
    /// This issue against the archive and the drafts: numbering, cadence, names.
    case archive
}

/// A rule's self-description, printed by `digest lint --list-rules`.
public struct RuleDescription: Sendable {
    /// Lowercase words joined by hyphens: `headline-period`.
    public var identifier: String
    /// One line: what the rule asks for.
    public var summary: String
    /// Why the house style asks for it.
    public var rationale: String
    public var severity: Severity
    public var scope: RuleScope
    /// Text the rule must flag, with `↓` where each finding must point and the message each says.
    public var triggering: [RuleExample]
    /// Text the rule must accept.
    public var nonTriggering: [RuleExample]
    /// For fixable rules: text before and after `digest lint --fix`.
    public var corrections: [RuleCorrection]

    public init(
        identifier: String, summary: String, rationale: String, severity: Severity, scope: RuleScope,
        triggering: [RuleExample], nonTriggering: [RuleExample], corrections: [RuleCorrection] = []
    ) {
        self.identifier = identifier
        self.summary = summary
        self.rationale = rationale
        self.severity = severity
        self.scope = scope
        self.triggering = triggering
        self.nonTriggering = nonTriggering
        self.corrections = corrections
    }

    /// Whether `--fix` can mend what the rule finds.
    public var isFixable: Bool { !corrections.isEmpty }
}

/// A piece of text to check, placed in an otherwise well-formed issue.
public struct RuleExample: Sendable, CustomStringConvertible {
    /// Where the text goes.
    public enum Place: Sendable {
        /// The first headline (its detail is a neutral sentence).
        case headline
        /// The first detail (its headline is a neutral line).
        case detail
        /// A headline and the detail under it, in that order; see ``RuleExample/init(headline:detail:archive:)``.
        case pair(headline: String)
        /// The footer.
        case footer
        /// The whole file.
        case issue
    }

    /// The text, with `↓` before each character a finding must point at.
    public var text: String
    public var place: Place
    /// Other issues (whole files) in the archive, for rules that compare issues.
    public var archive: [String]
    /// Whether the example issue is a draft (true) or an archived issue.
    public var isDraft: Bool
    /// Files beside the example issue, by name relative to its folder (a lead image).
    public var files: [String: LintFiles.File]
    /// What the findings of a triggering example say: one message for each `↓`, in reading
    /// order (two findings at one place take two markers there). Set with ``expecting(_:)``.
    public var messages: [String] = []

    public init(
        _ text: String, in place: Place = .detail, archive: [String] = [], isDraft: Bool = true, files: [String: LintFiles.File] = [:]
    ) {
        self.text = text
        self.place = place
        self.archive = archive
        self.isDraft = isDraft
        self.files = files
    }

    /// A headline and its detail; markers may be in either.
    public init(headline: String, detail: String, archive: [String] = []) {
        self.init(detail, in: .pair(headline: headline), archive: archive)
    }

    /// The example, flagged with exactly these messages, one for each `↓` in reading order.
    public func expecting(_ messages: String...) -> RuleExample {
        var example = self
        example.messages = messages
        return example
    }

    public var description: String {
        switch place {
        case .pair(let headline): "\(headline) / \(text)"
        default: text
        }
    }
}

/// A fixable example: the text before, and what `--fix` makes of it.
public struct RuleCorrection: Sendable {
    public var before: RuleExample
    /// The text after the fix, in the same place.
    public var after: String

    public init(_ before: RuleExample, _ after: String) {
        self.before = before
        self.after = after
    }

    public init(_ before: String, _ after: String, in place: RuleExample.Place = .detail) {
        self.init(RuleExample(before, in: place), after)
    }
}

/// One problem a rule found: where, what to do, and how to mend it when that is certain.
public struct Finding: Sendable, Hashable {
    public var range: SourceRange
    public var message: String
    public var fix: Fix?

    public init(range: SourceRange, message: String, fix: Fix? = nil) {
        self.range = range
        self.message = message
        self.fix = fix
    }
}
