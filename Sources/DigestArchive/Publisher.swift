import DigestCore
import Foundation

/// Moves a sent draft into the archive under its canonical name (`2023-04-06-vol-2.6.issue`),
/// its lead image with it, with `git mv` in a git repository so that history follows the
/// file; `digest publish` is this, the lint and the send's records around it.
///
/// Publishing checks everything before it moves anything, and moving a file published
/// already is not an error: it says so.
public struct Publisher: Sendable {
    public let repository: Repository

    public init(repository: Repository) {
        self.repository = repository
    }

    /// One file going from the drafts into the archive.
    public struct Move: Equatable, Sendable {
        public var from: URL
        public var to: URL
    }

    /// What publishing a file will do, worked out before anything moves.
    public struct Plan: Sendable {
        /// The issue file as given.
        public var issueFile: URL
        /// The issue's name in the send's records: `vol-2.6`.
        public var issueKey: String
        /// Where the issue goes (or is, when ``alreadyPublished``).
        public var target: URL
        /// The issue file, then its lead image, when it has one beside it.
        public var moves: [Move]
        public var alreadyPublished: Bool
    }

    /// What publishing did.
    public struct Outcome: Sendable {
        public var plan: Plan
        /// Whether the moves went through git (`git mv`, then `git add`).
        public var usedGit: Bool
        /// Records staged with the moves (the send's committed summary).
        public var staged: [URL]
    }

    /// What publishing `issueFile` takes: its archive name, its image, or that it is
    /// published already.
    public func plan(_ issueFile: URL) throws(PublishError) -> Plan {
        let file = issueFile.standardizedFileURL
        let archive = repository.archiveFolder.standardizedFileURL
        let shown = displayPath(of: file)
        guard FileManager.default.fileExists(atPath: file.path) else {
            // Run again after it moved: the archive has a file of its name.
            let archived = (try? IssueCatalog.issueFiles(in: archive)) ?? []
            if let earlier = archived.first(where: { $0.lastPathComponent == file.lastPathComponent }) {
                return Plan(issueFile: file, issueKey: Self.key(of: earlier), target: earlier, moves: [], alreadyPublished: true)
            }
            throw .missing(path: shown)
        }
        let parsed: ParseResult
        do {
            parsed = repository.settings.parser.parse(bytes: Array(try Data(contentsOf: file)), path: shown)
        } catch {
            throw .move(path: shown, reason: "cannot read it: \(error.localizedDescription)")
        }
        guard parsed.isWellFormed, let title = parsed.issue.title, let date = parsed.issue.date else {
            throw .unreadable(path: shown, diagnostics: parsed.diagnostics.filter { $0.severity == .error })
        }
        let issueKey = "vol-\(title.volume).\(title.number)"
        let target = archive.appendingPathComponent(IssueCatalog.fileName(volume: title.volume, number: title.number, date: date))
        if file.path.hasPrefix(archive.path + "/") {
            return Plan(issueFile: file, issueKey: issueKey, target: file, moves: [], alreadyPublished: true)
        }
        if FileManager.default.fileExists(atPath: target.path) {
            guard FileManager.default.contentsEqual(atPath: file.path, andPath: target.path) else {
                throw .occupied(path: shown, target: displayPath(of: target))
            }
            return Plan(issueFile: file, issueKey: issueKey, target: target, moves: [], alreadyPublished: true)
        }
        var moves = [Move(from: file, to: target)]
        if let image = parsed.issue.leadImage, image.staysInIssueFolder {
            let from = image.url(besideIssueAt: file)
            let to = image.url(besideIssueAt: target)
            if FileManager.default.fileExists(atPath: from.path) {
                if FileManager.default.fileExists(atPath: to.path) {
                    throw .occupied(path: displayPath(of: from), target: displayPath(of: to))
                }
                moves.append(Move(from: from, to: to))
            }
        }
        return Plan(issueFile: file, issueKey: issueKey, target: target, moves: moves, alreadyPublished: false)
    }

    /// Publishes a planned issue.
    /// - Parameters:
    ///   - findings: the issue's lint findings; errors and placeholders refuse it.
    ///   - readersSent: readers the send's records show as mailed; none refuses it unless `allowUnsent`.
    ///   - records: the send's committed records, staged with the moves in a git repository.
    public func publish(
        _ plan: Plan, findings: [Diagnostic], readersSent: Int, allowUnsent: Bool, records: [URL] = []
    ) throws(PublishError) -> Outcome {
        guard !plan.alreadyPublished else { return Outcome(plan: plan, usedGit: false, staged: []) }
        let shown = displayPath(of: plan.issueFile)
        let refusing = PublishGate.refusing(findings)
        guard refusing.isEmpty else { throw .lint(path: shown, findings: refusing) }
        guard readersSent > 0 || allowUnsent else { throw .unsent(path: shown, issueKey: plan.issueKey) }

        let git = Git(root: repository.root)
        let usedGit = git.isWorkTree
        var done: [Move] = []
        do throws(PublishError) {
            for move in plan.moves {
                try self.move(move, git: usedGit ? git : nil)
                done.append(move)
            }
        } catch {
            // Put back what moved, so a refusal half-way leaves the drafts as they were.
            for move in done.reversed() {
                try? self.move(Move(from: move.to, to: move.from), git: usedGit ? git : nil)
            }
            throw error
        }
        var staged: [URL] = []
        if usedGit {
            for record in records where FileManager.default.fileExists(atPath: record.path) {
                if git.run(["add", "--", record.path]).status == 0 { staged.append(record) }
            }
        }
        return Outcome(plan: plan, usedGit: usedGit, staged: staged)
    }

    /// Moves one file: `git mv` when git tracks it, else a rename (then `git add` in a repository).
    func move(_ move: Move, git: Git?) throws(PublishError) {
        let shown = displayPath(of: move.from)
        do {
            try FileManager.default.createDirectory(at: move.to.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw .move(path: shown, reason: error.localizedDescription)
        }
        if let git, git.tracks(move.from) {
            let result = git.run(["mv", "--", move.from.path, move.to.path])
            guard result.status == 0 else { throw .move(path: shown, reason: "git mv: \(result.errors)") }
            return
        }
        do {
            try FileManager.default.moveItem(at: move.from, to: move.to)
        } catch {
            throw .move(path: shown, reason: error.localizedDescription)
        }
        if let git {
            let result = git.run(["add", "--", move.to.path])
            guard result.status == 0 else { throw .move(path: shown, reason: "git add: \(result.errors)") }
        }
    }

    /// `vol-2.6` from `2023-04-06-vol-2.6.issue`.
    static func key(of archived: URL) -> String {
        let name = archived.deletingPathExtension().lastPathComponent
        return name.range(of: "vol-").map { String(name[$0.lowerBound...]) } ?? name
    }
}
