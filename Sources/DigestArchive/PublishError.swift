import DigestCore

/// Why `digest publish` left an issue where it was. Nothing has moved when one is thrown.
public enum PublishError: Error, Sendable, CustomStringConvertible {
    /// The file is not there (and no archived issue has its name).
    case missing(path: String)
    /// The file is not a well-formed issue, or lacks its title or date.
    case unreadable(path: String, diagnostics: [Diagnostic])
    /// Lint errors or placeholders stop the publication.
    case lint(path: String, findings: [Diagnostic])
    /// The send's records show no reader was mailed.
    case unsent(path: String, issueKey: String)
    /// The archive already holds another file under the name this one would take.
    case occupied(path: String, target: String)
    /// A file could not be moved.
    case move(path: String, reason: String)

    public var description: String {
        switch self {
        case .missing(let path):
            "\(path): no such file; give the draft's path, such as Drafts/2023-04-06-vol-2.6.issue"
        case .unreadable(let path, let diagnostics):
            (diagnostics.map(\.formatted) + ["\(path) cannot be published until its title, Date and sections read cleanly; nothing moved"])
                .joined(separator: "\n")
        case .lint(let path, let findings):
            (findings.map(\.formatted) + [
                "\(path) has \(PublishGate.summary(findings)); mend them before publishing (`digest lint --fix \(path)` mends some); nothing moved"
            ]).joined(separator: "\n")
        case .unsent(let path, let issueKey):
            "\(path): the send's records (Subscribers/sent/\(issueKey).sent, .digest/journal/\(issueKey).journal) show no reader mailed; send it with `digest send \(path)` first, or publish it unsent with --unsent"
        case .occupied(let path, let target):
            "\(path): the archive already has \(target), which is a different file; rename one (an image is best named after its issue) and publish again"
        case .move(let path, let reason):
            "\(path): cannot move it (\(reason))"
        }
    }
}
