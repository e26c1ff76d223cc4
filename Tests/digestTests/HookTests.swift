import DigestTestSupport
import Foundation
import Testing

/// Whether Python's pre-commit framework can be run here.
let preCommitAvailable: Bool = (try? run(["python3", "-m", "pre_commit", "--version"], in: projectRoot).status) == 0

@Suite("Git hooks", .serialized)
struct HookTests {
    static let gitIdentity = [
        "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org", "GIT_COMMITTER_NAME": "Editor",
        "GIT_COMMITTER_EMAIL": "editor@example.org",
    ]

    /// A newsletter repository under git with its archive committed.
    func repository() throws -> Checkout {
        let checkout = try Checkout()
        try run(["git", "init", "-q", "-b", "main"], in: checkout.root)
        try run(["git", "add", "."], in: checkout.root)
        let commit = try run(["git", "commit", "-q", "-m", "archive"], in: checkout.root, environment: Self.gitIdentity)
        #expect(commit.status == 0, "\(commit.errors)")
        return checkout
    }

    /// A draft with one lint error: a phrase written twice.
    func brokenDraft(_ checkout: Checkout) throws -> String {
        let new = try digest(["new"], in: checkout.root)
        let path = new.output.trimmingCharacters(in: .newlines)
        var text = try String(contentsOf: checkout.url(path), encoding: .utf8)
        text = text.replacingOccurrences(of: "- TODO detail 1: the story", with: "- TODO detail 1: the the story")
        try checkout.write(text, to: path)
        return path
    }

    @Test("digest hook install: a commit with lint errors is refused with the findings; a clean one goes through")
    func gitHook() throws {
        let checkout = try repository()
        let install = try digest(["hook", "install"], in: checkout.root)
        #expect(install.status == 0, "\(install.errors)")
        #expect(install.output == "installed .git/hooks/pre-commit\n")

        let path = try brokenDraft(checkout)
        try run(["git", "add", path], in: checkout.root)
        let refused = try run(["git", "commit", "-m", "draft"], in: checkout.root, environment: Self.gitIdentity)
        #expect(refused.status != 0)
        // git shows a hook's output on standard error.
        #expect(refused.errors.contains("\(path):16:22: error: \"the\" is written twice; delete the second [repeated-word]"))

        // Mending the working tree without staging it changes nothing: the hook checks what is staged.
        let text = try String(contentsOf: checkout.url(path), encoding: .utf8)
        try checkout.write(text.replacingOccurrences(of: "the the story", with: "the story"), to: path)
        #expect(try run(["git", "commit", "-m", "draft"], in: checkout.root, environment: Self.gitIdentity).status != 0)

        try run(["git", "add", path], in: checkout.root)
        let accepted = try run(["git", "commit", "-q", "-m", "draft"], in: checkout.root, environment: Self.gitIdentity)
        #expect(accepted.status == 0, "\(accepted.output)\(accepted.errors)")
    }

    @Test("digest hook install leaves a hook it did not write alone unless --force")
    func foreignHook() throws {
        let checkout = try repository()
        try checkout.write("#!/bin/sh\necho mine\n", to: ".git/hooks/pre-commit")
        let refused = try digest(["hook", "install"], in: checkout.root)
        #expect(refused.status == 2)
        #expect(try String(contentsOf: checkout.url(".git/hooks/pre-commit"), encoding: .utf8) == "#!/bin/sh\necho mine\n")
        #expect(try digest(["hook", "install", "--force"], in: checkout.root).status == 0)
    }

    @Test(
        "through the pre-commit framework from PyPI: the manifest validates, and the hook refuses a broken issue",
        .enabled(if: preCommitAvailable, "python3 -m pre_commit is not installed (.ci/setup --test installs it)"))
    func preCommitFramework() throws {
        let checkout = try repository()
        let home = checkout.url(".pre-commit-home")
        let environment = Self.gitIdentity.merging(["PRE_COMMIT_HOME": home.path]) { $1 }
        let manifest = try run(
            ["python3", "-m", "pre_commit", "validate-manifest", projectRoot.appendingPathComponent(".pre-commit-hooks.yaml").path],
            in: checkout.root, environment: environment)
        #expect(manifest.status == 0, "\(manifest.output)\(manifest.errors)")
        // The manifest's hook builds digest with `swift build`; here the built executable stands in for it.
        try checkout.write(
            """
            repos:
              - repo: local
                hooks:
                  - id: digest-lint
                    name: digest lint
                    entry: \(digestExecutable) lint
                    language: system
                    files: \\.issue$
                    require_serial: true

            """, to: ".pre-commit-config.yaml")
        try run(["git", "add", ".pre-commit-config.yaml"], in: checkout.root)
        try run(["git", "commit", "-q", "-m", "pre-commit"], in: checkout.root, environment: environment)
        let install = try run(["python3", "-m", "pre_commit", "install"], in: checkout.root, environment: environment)
        #expect(install.status == 0, "\(install.errors)")

        let path = try brokenDraft(checkout)
        try run(["git", "add", path], in: checkout.root)
        let refused = try run(["git", "commit", "-m", "draft"], in: checkout.root, environment: environment)
        #expect(refused.status != 0)
        let shown = refused.output + refused.errors
        #expect(shown.contains("digest lint") && shown.contains("Failed"))
        #expect(shown.contains("\"the\" is written twice; delete the second [repeated-word]"))

        let text = try String(contentsOf: checkout.url(path), encoding: .utf8)
        try checkout.write(text.replacingOccurrences(of: "the the story", with: "the story"), to: path)
        try run(["git", "add", path], in: checkout.root)
        let accepted = try run(["git", "commit", "-m", "draft"], in: checkout.root, environment: environment)
        #expect(accepted.status == 0, "\(accepted.output)\(accepted.errors)")
        #expect((accepted.output + accepted.errors).contains("Passed"))
    }
}
