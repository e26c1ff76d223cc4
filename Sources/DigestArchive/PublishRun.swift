import DigestCore
import Foundation

/// `digest publish` after its arguments are parsed: the move planned, what decides it
/// gathered (the issue's lint findings, the readers its send mailed), the issue published,
/// and the site brought up to date.
///
/// The linter, the send's records and the site builder live in targets that depend on this
/// one, so the caller hands them in; a test hands in its own.
public struct PublishRun {
    /// The issue's findings: its file and the path to show in them.
    public var lint: (_ file: URL, _ shown: String) -> [Diagnostic]
    /// How many readers the send of the issue named by its key (`vol-2.6`) mailed.
    public var readersSent: (_ issueKey: String) throws -> Int
    /// The send's records to stage with the issue: its committed summary.
    public var records: (_ issueKey: String) -> [URL]
    /// Builds the site once the issue is in the archive; `nil`: the editor is told to.
    public var site: (any SiteBuilder)?

    /// Why a publication stopped on the way, besides the ``PublishError`` of the move itself.
    public enum Failure: Error, Sendable, CustomStringConvertible {
        /// The send's records could not be read; nothing moved.
        case records(String)
        /// The issue is in the archive; the site was not built.
        case site(String)

        public var description: String {
            switch self {
            case .records(let reason): reason
            case .site(let reason): "the issue is published, but the site was not built: \(reason)"
            }
        }
    }

    public init(
        lint: @escaping (URL, String) -> [Diagnostic], readersSent: @escaping (String) throws -> Int,
        records: @escaping (String) -> [URL], site: (any SiteBuilder)?
    ) {
        self.lint = lint
        self.readersSent = readersSent
        self.records = records
        self.site = site
    }

    /// Publishes the issue at `path` from `repository`, handing each line for the editor to
    /// `say` as soon as it is true (the moves before the site is built). Throws
    /// ``PublishError`` when the issue stays where it is, ``Failure`` otherwise.
    public func run(_ path: String, allowUnsent: Bool, in repository: Repository, say: (String) -> Void) throws {
        let publisher = Publisher(repository: repository)
        let plan = try publisher.plan(URL(fileURLWithPath: path))
        if plan.alreadyPublished {
            say("\(path) is already published as \(displayPath(of: plan.target)); nothing to do")
            return
        }
        let shown = displayPath(of: plan.issueFile)
        let findings = lint(plan.issueFile, shown)
        let sent: Int
        do {
            sent = try readersSent(plan.issueKey)
        } catch {
            throw Failure.records("\(error)")
        }
        let outcome = try publisher.publish(
            plan, findings: findings, readersSent: sent, allowUnsent: allowUnsent, records: records(plan.issueKey))
        for line in outcome.lines(readersSent: sent) { say(line) }
        guard let site else {
            say("next: build the site from the archive (`digest site`)")
            return
        }
        do {
            say(try site.build(repository: repository))
        } catch {
            throw Failure.site("\(error)")
        }
    }
}
