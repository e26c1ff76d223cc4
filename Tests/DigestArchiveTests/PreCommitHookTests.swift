import DigestCore
import Foundation
import Testing

@testable import DigestArchive

/// `digest hook install` and `digest lint --staged`: the hook written where git looks, and
/// the staged issues read from the index.
@Suite("the pre-commit hook and the staged issues")
struct PreCommitHookTests {
    func gitRepository() throws -> TestRepository {
        let test = try TestRepository(archive: [:])
        #expect(Git(root: test.root).run(["init", "-q"]).status == 0)
        return test
    }

    @Test("the hook is written executable where git looks; a foreign hook is kept unless forced, digest's own is replaced")
    func install() throws {
        let test = try gitRepository()
        let hook = try PreCommitHook.install(root: test.root, executable: "/opt/it's/digest", force: false)
        #expect(hook.standardizedFileURL.path == test.root.appendingPathComponent(".git/hooks/pre-commit").standardizedFileURL.path)
        let script = try test.read(".git/hooks/pre-commit")
        #expect(script.contains(PreCommitHook.marker))
        #expect(script.contains(#"exec '/opt/it'\''s/digest' lint --staged"#))
        let mode = try FileManager.default.attributesOfItem(atPath: hook.path)[.posixPermissions] as? Int
        #expect(mode == 0o755)
        // digest's own hook is replaced without --force.
        try PreCommitHook.install(root: test.root, executable: "/usr/bin/digest", force: false)
        #expect(try test.read(".git/hooks/pre-commit").contains("exec '/usr/bin/digest' lint --staged"))

        try test.write("#!/bin/sh\nrun-my-checks\n", to: ".git/hooks/pre-commit")
        let refusal = #expect(throws: GitFailure.self) {
            try PreCommitHook.install(root: test.root, executable: "/usr/bin/digest", force: false)
        }
        #expect(
            refusal?.description.hasSuffix(
                "exists and digest did not write it; add `digest lint --staged` to it, or pass --force to replace it") == true)
        #expect(try test.read(".git/hooks/pre-commit") == "#!/bin/sh\nrun-my-checks\n")
        try PreCommitHook.install(root: test.root, executable: "/usr/bin/digest", force: true)
        #expect(try test.read(".git/hooks/pre-commit").contains(PreCommitHook.marker))
    }

    @Test("the staged issues are the index's bytes, not the working tree's; other staged files and deletions are left out")
    func staged() throws {
        let test = try gitRepository()
        let staged: [UInt8] = Array("Staged text\n".utf8) + [0xFF, 0x0A]
        try Data(staged).write(to: test.root.appendingPathComponent("Drafts/a.issue"))
        try test.write("notes\n", to: "Drafts/notes.txt")
        #expect(Git(root: test.root).run(["add", "Drafts"]).status == 0)
        try test.write("Edited after staging\n", to: "Drafts/a.issue")
        let files = try StagedIssues.read(root: test.root)
        #expect(files.count == 1)
        #expect(files.first?.bytes == staged)
        #expect(files.first?.filePath == test.root.appendingPathComponent("Drafts/a.issue").resolvingSymlinksInPath().path)
    }

    @Test("outside a git repository, --staged says git failed and why")
    func notARepository() throws {
        let test = try TestRepository(archive: [:])
        let failure = #expect(throws: GitFailure.self) { try StagedIssues.read(root: test.root) }
        #expect(failure?.description.hasPrefix("git rev-parse --show-toplevel failed: fatal: not a git repository") == true)
    }
}
