import DigestArchive
import DigestCore
import Foundation
import Synchronization
import Testing

/// `digest publish` without the command: what it asks of the linter, the send's records and
/// the site, in which order, and what it says.
@Suite("a publication from the path to the lines it prints")
struct PublishRunTests {
    /// A site builder that records that it ran, or fails.
    struct RecordingSite: SiteBuilder {
        let fails: Bool
        struct Broken: Error, CustomStringConvertible {
            var description: String { "the templates are missing" }
        }
        func build(repository: Repository) throws -> String {
            if fails { throw Broken() }
            return "site built"
        }
    }

    func publication(
        findings: [Diagnostic] = [], sent: Result<Int, PublishRun.Failure> = .success(3), site: (any SiteBuilder)? = nil,
        asked: @escaping @Sendable (String) -> Void = { _ in }
    ) -> PublishRun {
        PublishRun(
            lint: { _, shown in
                asked("lint \(shown)")
                return findings
            },
            readersSent: { key in
                asked("sent \(key)")
                return try sent.get()
            },
            records: { key in [URL(fileURLWithPath: "/records/\(key).sent")] }, site: site)
    }

    func draft() throws -> (TestRepository, String) {
        let test = try TestRepository()
        try test.write(minimalIssue(volume: 2, number: 6, date: "2023-04-06"), to: "Drafts/2023-04-06-vol-2.6.issue")
        return (test, test.root.appendingPathComponent("Drafts/2023-04-06-vol-2.6.issue").path)
    }

    @Test("a sent issue is linted, its records read, moved, and the site built after the moves are said")
    func publishesThenBuildsTheSite() throws {
        let (test, path) = try draft()
        var lines: [String] = []
        try publication(site: RecordingSite(fails: false)).run(path, allowUnsent: false, in: try test.repository()) { lines.append($0) }
        #expect(FileManager.default.fileExists(atPath: test.root.appendingPathComponent("seeds/archive/2023-04-06-vol-2.6.issue").path))
        #expect(lines.first?.hasSuffix("seeds/archive/2023-04-06-vol-2.6.issue") == true)
        #expect(lines.contains("published Vol 2.6, sent to 3 readers"))
        #expect(lines.last == "site built")
    }

    @Test("without a site builder the editor is told to build the site")
    func withoutSite() throws {
        let (test, path) = try draft()
        var lines: [String] = []
        try publication().run(path, allowUnsent: false, in: try test.repository()) { lines.append($0) }
        #expect(lines.last == "next: build the site from the archive (`digest site`)")
    }

    @Test("a second run says the issue is published already, under the path as given, and asks nothing")
    func alreadyPublished() throws {
        let (test, path) = try draft()
        try publication().run(path, allowUnsent: false, in: try test.repository()) { _ in }
        let asked = Asked()
        var lines: [String] = []
        try publication(asked: asked.add).run(path, allowUnsent: false, in: try test.repository()) { lines.append($0) }
        let archived = test.root.appendingPathComponent("seeds/archive/2023-04-06-vol-2.6.issue")
        #expect(lines == ["\(path) is already published as \(displayPath(of: archived)); nothing to do"])
        #expect(asked.all.isEmpty)
    }

    @Test("records that cannot be read stop it before anything moves")
    func unreadableRecords() throws {
        let (test, path) = try draft()
        #expect(throws: PublishRun.Failure.self) {
            try publication(sent: .failure(.records("Subscribers/sent/vol-2.6.sent:1: damaged"))).run(
                path, allowUnsent: false, in: try test.repository()
            ) { _ in }
        }
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test("an unsent issue is refused unless allowed; a site that fails leaves the issue published")
    func unsentAndSiteFailure() throws {
        let (test, path) = try draft()
        #expect(throws: PublishError.self) {
            try publication(sent: .success(0)).run(path, allowUnsent: false, in: try test.repository()) { _ in }
        }
        #expect(FileManager.default.fileExists(atPath: path))
        let failure = #expect(throws: PublishRun.Failure.self) {
            try publication(sent: .success(0), site: RecordingSite(fails: true)).run(path, allowUnsent: true, in: try test.repository()) {
                _ in
            }
        }
        #expect(failure?.description == "the issue is published, but the site was not built: the templates are missing")
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}

/// What a publication asked for, from its closures.
final class Asked: Sendable {
    private let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    func add(_ line: String) { lines.withLock { $0.append(line) } }
}
