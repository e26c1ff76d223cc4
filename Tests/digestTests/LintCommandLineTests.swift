import DigestTestSupport
import Foundation
import Testing

/// `digest lint` reads a hook's plain command line (paths, its flags, `--format VALUE`)
/// itself and leaves everything else to ArgumentParser; either way the run must be the same.
@Suite("digest lint, its command line read with and without ArgumentParser")
struct LintCommandLineTests {
    static let issue = "seeds/archive/2022-02-24-vol-1.4.issue"

    /// Pairs of command lines that mean the same, the second of which only ArgumentParser reads
    /// (`--format=…` and `--` are left to it).
    static let pairs: [([String], [String])] = [
        (["lint", issue], ["lint", "--", issue]),
        (["lint", "--format", "json", issue], ["lint", "--format=json", issue]),
        (["lint", "--strict", "--format", "github", issue], ["lint", "--format=github", "--strict", issue]),
        (["lint", issue, "--format", "sarif"], ["lint", "--format=sarif", "--", issue]),
        (["lint", "--fix", "--dry-run", issue], ["lint", "--fix", "--dry-run", "--", issue]),
        (["lint", "seeds/archive/missing.issue"], ["lint", "--", "seeds/archive/missing.issue"]),
        (["lint", "help"], ["lint", "--", "help"]),
    ]

    @Test("a plain command line gives what ArgumentParser's reading of it gives", arguments: 0..<pairs.count)
    func sameRun(_ index: Int) throws {
        let checkout = try Checkout()
        let (plain, parsed) = Self.pairs[index]
        let fast = try digest(plain, in: checkout.root)
        let slow = try digest(parsed, in: checkout.root)
        #expect(fast.status == slow.status)
        #expect(fast.output == slow.output)
        #expect(fast.errors == slow.errors)
        #expect(fast.status != 0 || plain.contains("--dry-run"))
    }

    @Test("help, bad options and options that do not go together get ArgumentParser's messages and exit codes")
    func leftToArgumentParser() throws {
        let checkout = try Checkout()
        let help = try digest(["lint", "--help"], in: checkout.root)
        #expect(help.status == 0)
        #expect(help.output.contains("USAGE: digest lint"))
        let dryRun = try digest(["lint", "--dry-run", Self.issue], in: checkout.root)
        #expect(dryRun.status == 2)
        #expect(dryRun.errors.contains("--dry-run goes with --fix"))
        let staged = try digest(["lint", "--staged", Self.issue], in: checkout.root)
        #expect(staged.status == 2)
        #expect(staged.errors.contains("--staged checks the staged issues; give no paths with it"))
        let format = try digest(["lint", "--format", "xml", Self.issue], in: checkout.root)
        #expect(format.status == 2)
        #expect(format.errors.contains("xml"))
        let missing = try digest(["lint", "--format"], in: checkout.root)
        #expect(missing.status == 2)
        #expect(missing.errors.contains("--format"))
        let unknown = try digest(["lint", "--no-such-option", Self.issue], in: checkout.root)
        #expect(unknown.status == 2)
        #expect(unknown.errors.contains("--no-such-option"))
    }

    @Test("a settings file changed between two runs is read anew: the cache never answers for other bytes")
    func settingsChangedBetweenRuns() throws {
        let checkout = try Checkout()
        let cacheHome = checkout.url(".test-cache")
        defer { try? FileManager.default.removeItem(at: cacheHome) }
        let environment = ["XDG_CACHE_HOME": cacheHome.path]
        let arguments = ["lint", "--format", "json", Self.issue]
        let first = try digest(arguments, in: checkout.root, environment: environment)
        #expect(first.output.contains("\"rule\" : \"spelling\""))
        let cached = try FileManager.default.contentsOfDirectory(atPath: cacheHome.appendingPathComponent("digest").path)
            .filter { $0.hasPrefix("settings-") }
        #expect(cached.count == 1)
        // The words the spelling rule missed, added to lint.words in place of two of the
        // same length: the file's size stays what it was.
        let settings = try String(contentsOf: checkout.url("digest.yaml"), encoding: .utf8)
        let edited = settings.replacingOccurrences(of: "    - Beeman\n", with: "    - Commader\n")
            .replacingOccurrences(of: "    - chipmaking\n", with: "    - likeminded\n")
            .replacingOccurrences(of: "    - stablecoins\n", with: "    - stablecoi\n")
        #expect(edited.utf8.count == settings.utf8.count && edited != settings)
        try checkout.write(edited, to: "digest.yaml")
        let second = try digest(arguments, in: checkout.root, environment: environment)
        #expect(!second.output.contains("Commader"))
        #expect(!second.output.contains("likeminded"))
        // What a run with no cache at all says.
        let fresh = try digest(arguments, in: checkout.root, environment: ["XDG_CACHE_HOME": checkout.url(".other-cache").path])
        #expect(second.output == fresh.output)
        #expect(second.status == fresh.status)
    }
}
