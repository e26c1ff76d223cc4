/// What the issue's lint findings mean for a send: errors stop every send; a placeholder
/// (`TODO`, `TK`: the `placeholder` rule, at whatever severity the settings give it) stops a
/// send to the subscribers, to the outbox too; test copies and dry runs go with a warning, so
/// an editor can see a draft in a mail client before it is finished. Every other finding is
/// stated before sending, so that nothing unfinished goes out without a word.
public struct SendLintGate: Sendable {
    /// One finding of `digest lint --format json`.
    public struct Finding: Equatable, Sendable {
        /// `error`, `warning` or `note`.
        public var severity: String
        /// The rule's identifier: `placeholder`.
        public var rule: String
        /// `path:line:column: severity: message [rule]`, as the editor's terminal shows it.
        public var text: String

        public init(severity: String, rule: String, text: String) {
            self.severity = severity
            self.rule = rule
            self.text = text
        }

        public var isPlaceholder: Bool { rule == "placeholder" }
    }

    /// The findings that stop this send.
    public var refusing: [Finding]
    /// The findings that remain and are stated before sending.
    public var remaining: [Finding]
    /// Whether the send goes to the subscribers (not test copies, not a dry run).
    public let toSubscribers: Bool

    public init(findings: [Finding], toSubscribers: Bool) {
        self.toSubscribers = toSubscribers
        refusing = findings.filter { $0.severity == "error" || (toSubscribers && $0.isPlaceholder) }
        remaining = findings.filter { !($0.severity == "error" || (toSubscribers && $0.isPlaceholder)) }
    }

    /// Why the send is refused, findings first, with what to do; `nil` when it may go.
    public func refusal(path: String) -> String? {
        guard !refusing.isEmpty else { return nil }
        let errors = refusing.filter { $0.severity == "error" }.count
        let placeholders = refusing.count - errors
        var parts: [String] = []
        if errors > 0 { parts.append("\(errors) lint error\(errors == 1 ? "" : "s")") }
        if placeholders > 0 { parts.append("\(placeholders) placeholder\(placeholders == 1 ? "" : "s") left (TODO, TK)") }
        let mend =
            placeholders > 0
            ? "write them (a test copy with `--to ADDRESS` may still go)" : "mend them (`digest lint --fix \(path)` mends some)"
        return refusing.map(\.text).joined(separator: "\n")
            + "\n\(path) has \(parts.joined(separator: " and ")); \(mend) before sending to the subscribers; nothing was sent"
    }

    /// The findings that remain, and a line that counts them (and says when a placeholder
    /// would stop a send to the subscribers); empty when there are none.
    public func statement(path: String) -> String {
        guard !remaining.isEmpty else { return "" }
        let count = remaining.count
        var summary = "\(path): \(count) lint finding\(count == 1 ? "" : "s") remain\(count == 1 ? "s" : "") (`digest lint \(path)`)"
        if remaining.contains(where: \.isPlaceholder) {
            summary += "; its placeholders would stop a send to the subscribers"
        }
        return remaining.map(\.text).joined(separator: "\n") + "\n" + summary + "\n"
    }

    /// "3 lint warnings remain", for the confirmation; `nil` when none do.
    public var remainingNote: String? {
        guard !remaining.isEmpty else { return nil }
        return "\(remaining.count) lint finding\(remaining.count == 1 ? "" : "s") remain\(remaining.count == 1 ? "s" : ""), listed above"
    }
}
