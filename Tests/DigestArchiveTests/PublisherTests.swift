import DigestCore
import Foundation
import Testing

@testable import DigestArchive

/// `digest publish`'s library: the moves, with git and without, the refusals and the second run.
@Suite("Publishing an issue")
struct PublisherTests {
    static let draft = """
        US-Japan Alliance Digest Vol 2.6
        Date: 2023-04-06
        Image: 2023-04-06-vol-2.6.jpg
        Image Alt: The allies’ ministers in Washington
        Image Source: Reuters

        Headlines
        - Allies meet in Tokyo

        Details
        - The allies met in Tokyo on March 8.

        Footer
        The footer.

        """
    static let archivedName = "2023-04-06-vol-2.6.issue"

    /// A repository with the draft and its image in Drafts/; committed to git when `git`.
    func repository(git: Bool, draftName: String = "2023-04-06-vol-2.6.issue") throws -> (TestRepository, URL) {
        let test = try TestRepository()
        let draft = test.root.appendingPathComponent("Drafts/\(draftName)")
        try Data(Self.draft.utf8).write(to: draft)
        try Data([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]).write(to: test.root.appendingPathComponent("Drafts/2023-04-06-vol-2.6.jpg"))
        if git {
            for command in [
                ["init", "-q"], ["add", "-A"], ["-c", "user.name=Editor", "-c", "user.email=e@example.org", "commit", "-qm", "draft"],
            ] {
                #expect(Git(root: test.root).run(command).status == 0)
            }
        }
        return (test, draft)
    }

    func exists(_ test: TestRepository, _ path: String) -> Bool {
        FileManager.default.fileExists(atPath: test.root.appendingPathComponent(path).path)
    }

    func gitStatus(_ test: TestRepository) throws -> [String] {
        Git(root: test.root).run(["status", "--porcelain"]).output.split(separator: "\n").map(String.init).sorted()
    }

    @Test("in a git repository the issue and its image move with git mv, and the send's record is staged")
    func movesWithGit() throws {
        let (test, draft) = try repository(git: true)
        let sentRecord = test.root.appendingPathComponent("Subscribers/sent/vol-2.6.sent")
        try FileManager.default.createDirectory(at: sentRecord.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("digest sent summary 1\n".utf8).write(to: sentRecord)
        let publisher = Publisher(repository: try test.repository())
        let plan = try publisher.plan(draft)
        #expect(plan.issueKey == "vol-2.6")
        let outcome = try publisher.publish(plan, findings: [], readersSent: 3, allowUnsent: false, records: [sentRecord])
        #expect(outcome.usedGit)
        #expect(outcome.staged == [sentRecord])
        #expect(!exists(test, "Drafts/2023-04-06-vol-2.6.issue") && !exists(test, "Drafts/2023-04-06-vol-2.6.jpg"))
        #expect(exists(test, "seeds/archive/2023-04-06-vol-2.6.issue") && exists(test, "seeds/archive/2023-04-06-vol-2.6.jpg"))
        // Renames in the index, not a deletion and an untracked file.
        #expect(
            try gitStatus(test) == [
                "A  Subscribers/sent/vol-2.6.sent",
                "R  Drafts/2023-04-06-vol-2.6.issue -> seeds/archive/2023-04-06-vol-2.6.issue",
                "R  Drafts/2023-04-06-vol-2.6.jpg -> seeds/archive/2023-04-06-vol-2.6.jpg",
            ])
    }

    @Test("outside git the files are renamed; a draft's own name gives way to the canonical one")
    func movesWithoutGit() throws {
        let (test, draft) = try repository(git: false, draftName: "economic-2-2.issue")
        let publisher = Publisher(repository: try test.repository())
        let outcome = try publisher.publish(try publisher.plan(draft), findings: [], readersSent: 0, allowUnsent: true)
        #expect(!outcome.usedGit)
        #expect(!exists(test, "Drafts/economic-2-2.issue"))
        #expect(exists(test, "seeds/archive/2023-04-06-vol-2.6.issue") && exists(test, "seeds/archive/2023-04-06-vol-2.6.jpg"))
        #expect(
            try String(contentsOf: test.root.appendingPathComponent("seeds/archive/\(Self.archivedName)"), encoding: .utf8) == Self.draft)
    }

    @Test("a second run says the issue is published already and moves nothing")
    func idempotent() throws {
        let (test, draft) = try repository(git: true)
        let publisher = Publisher(repository: try test.repository())
        _ = try publisher.publish(try publisher.plan(draft), findings: [], readersSent: 1, allowUnsent: false)
        let before = try gitStatus(test)
        for path in [draft, test.root.appendingPathComponent("seeds/archive/\(Self.archivedName)")] {
            let again = try publisher.plan(path)
            #expect(again.alreadyPublished)
            #expect(again.target.lastPathComponent == Self.archivedName)
            #expect(try publisher.publish(again, findings: [], readersSent: 0, allowUnsent: false).plan.moves.isEmpty)
        }
        #expect(try gitStatus(test) == before)
    }

    static func finding(_ severity: Severity, _ rule: String) -> Diagnostic {
        Diagnostic(
            path: "Drafts/2023-04-06-vol-2.6.issue", range: SourceRange(start: SourcePosition(line: 8, column: 3), length: 4),
            severity: severity, rule: rule, message: "a finding")
    }

    @Test(
        "lint errors, placeholders and an unsent issue are refused, and nothing moves",
        arguments: [
            ([finding(.error, "image-alt")], 5, "1 lint error"),
            ([finding(.warning, "placeholder"), finding(.warning, "cadence")], 5, "1 placeholder left (TODO, TK)"),
            ([finding(.warning, "cadence")], 0, "show no reader mailed; send it with `digest send"),
        ])
    func refusals(findings: [Diagnostic], sent: Int, says: String) throws {
        let (test, draft) = try repository(git: true)
        let publisher = Publisher(repository: try test.repository())
        let error = #expect(throws: PublishError.self) {
            try publisher.publish(try publisher.plan(draft), findings: findings, readersSent: sent, allowUnsent: false)
        }
        #expect(error?.description.contains(says) == true, "\(error?.description ?? "")")
        #expect(exists(test, "Drafts/2023-04-06-vol-2.6.issue") && exists(test, "Drafts/2023-04-06-vol-2.6.jpg"))
        #expect(try gitStatus(test) == [])
    }

    @Test("--unsent publishes an issue the records show unsent, but not one with lint errors")
    func unsentFlag() throws {
        let (test, draft) = try repository(git: false)
        let publisher = Publisher(repository: try test.repository())
        #expect(throws: PublishError.self) {
            try publisher.publish(try publisher.plan(draft), findings: [Self.finding(.error, "footer")], readersSent: 0, allowUnsent: true)
        }
        _ = try publisher.publish(try publisher.plan(draft), findings: [], readersSent: 0, allowUnsent: true)
        #expect(exists(test, "seeds/archive/\(Self.archivedName)"))
    }

    @Test("an archive file of the same name that differs is never overwritten, nor an image of the same name")
    func occupied() throws {
        let (test, draft) = try repository(git: false)
        let archived = test.root.appendingPathComponent("seeds/archive/\(Self.archivedName)")
        try Data("another text\n".utf8).write(to: archived)
        let publisher = Publisher(repository: try test.repository())
        #expect(throws: PublishError.self) { try publisher.plan(draft) }
        try FileManager.default.removeItem(at: archived)
        try Data([1]).write(to: test.root.appendingPathComponent("seeds/archive/2023-04-06-vol-2.6.jpg"))
        let error = #expect(throws: PublishError.self) { try publisher.plan(draft) }
        #expect(error?.description.contains("2023-04-06-vol-2.6.jpg: the archive already has") == true)
        #expect(exists(test, "Drafts/2023-04-06-vol-2.6.issue"))
    }

    @Test("a missing file that the archive does not hold either is an error naming it")
    func missing() throws {
        let (test, _) = try repository(git: false)
        let publisher = Publisher(repository: try test.repository())
        #expect(throws: PublishError.self) { try publisher.plan(test.root.appendingPathComponent("Drafts/nothing.issue")) }
    }
}

/// What `digest publish` prints about a publication.
@Suite("the lines a publication prints")
struct PublishedLinesTests {
    @Test("each move, with git mv in a git repository, and the readers in the singular or plural; unsent says so")
    func lines() throws {
        let (test, draft) = try PublisherTests().repository(git: true)
        let publisher = Publisher(repository: try test.repository())
        let outcome = try publisher.publish(try publisher.plan(draft), findings: [], readersSent: 1_200, allowUnsent: false)
        let lines = outcome.lines(readersSent: 1_200)
        #expect(lines.count == 3)
        #expect(lines[0].hasSuffix("Drafts/2023-04-06-vol-2.6.issue -> \(displayPath(of: outcome.plan.target)) (git mv)"))
        #expect(lines[1].hasSuffix(".jpg (git mv)"))
        #expect(lines[2] == "published Vol 2.6, sent to 1,200 readers")
        #expect(outcome.lines(readersSent: 1).last == "published Vol 2.6, sent to 1 reader")

        let (plain, other) = try PublisherTests().repository(git: false)
        let unsent = try Publisher(repository: try plain.repository()).publish(
            try Publisher(repository: try plain.repository()).plan(other), findings: [], readersSent: 0, allowUnsent: true)
        #expect(unsent.lines(readersSent: 0).allSatisfy { !$0.contains("git mv") })
        #expect(unsent.lines(readersSent: 0).last == "published Vol 2.6, unsent")
    }
}
