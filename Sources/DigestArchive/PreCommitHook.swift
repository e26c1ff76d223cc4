import DigestCore
import Foundation

/// The git pre-commit hook `digest hook install` writes: it runs `digest lint --staged`, so
/// a commit whose staged issues have lint errors is refused.
public enum PreCommitHook {
    /// The line that marks a hook as digest's.
    public static let marker = "# Installed by `digest hook install`."

    /// The hook's text, running the `digest` at `executable`, or the one on PATH when that is gone.
    public static func script(executable: String) -> String {
        """
        #!/bin/sh
        \(marker)
        # Lints the staged .issue files; a commit with lint errors is refused.
        # Skip it once with `git commit --no-verify`.
        if [ -x \(shellQuoted(executable)) ]; then
            exec \(shellQuoted(executable)) lint --staged
        elif command -v digest >/dev/null 2>&1; then
            exec digest lint --staged
        else
            echo "pre-commit: digest is not installed; build it (swift build -c release) or run \\`digest hook install\\` again" >&2
            exit 1
        fi

        """
    }

    /// Writes the hook into the hooks folder git uses for the repository at `root` and
    /// returns where. A hook that digest did not write is left alone unless `force` is set.
    @discardableResult
    public static func install(root: URL, executable: String, force: Bool) throws(GitFailure) -> URL {
        let hooks = try StagedIssues.git(["rev-parse", "--git-path", "hooks"], in: root).trimmingCharacters(in: .newlines)
        let folder = URL(fileURLWithPath: hooks, relativeTo: root).standardizedFileURL
        let hook = folder.appendingPathComponent("pre-commit")
        if let existing = FileManager.default.contents(atPath: hook.path), !force,
            !String(decoding: existing, as: UTF8.self).contains(marker)
        {
            throw GitFailure(
                "\(displayPath(of: hook)) exists and digest did not write it; add `digest lint --staged` to it, or pass --force to replace it"
            )
        }
        do {
            try AtomicFile.write(script(executable: executable), to: hook, newFile: .executable)
            // A hook that was there without its execute bits would keep them off.
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
        } catch {
            throw GitFailure("\(displayPath(of: hook)): cannot write the hook (\(error.localizedDescription))")
        }
        return hook
    }

    /// `text` as one word for sh.
    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
