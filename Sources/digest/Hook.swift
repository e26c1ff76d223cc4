import ArgumentParser
import DigestArchive
import DigestCore
import Foundation

extension DigestCommand {
    struct Hook: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hook",
            abstract: "Manage the git pre-commit hook that runs digest lint on staged issues.",
            subcommands: [Install.self]
        )

        struct Install: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "install",
                abstract: "Write a git pre-commit hook that refuses a commit whose staged issues have lint errors.",
                discussion: """
                    For teams without the pre-commit framework (which uses .pre-commit-hooks.yaml). \
                    An existing hook that digest did not write is left alone unless --force is given.
                    """
            )

            @Flag(help: "Replace an existing pre-commit hook.")
            var force = false

            /// The line that marks a hook as ours.
            static let marker = "# Installed by `digest hook install`."

            func run() async throws {
                let repository = try Repository.forCommand()
                let hooks = try StagedFiles.git(["rev-parse", "--git-path", "hooks"], in: repository.root)
                    .trimmingCharacters(in: .newlines)
                let folder = URL(fileURLWithPath: hooks, relativeTo: repository.root).standardizedFileURL
                let hook = folder.appendingPathComponent("pre-commit")
                if let existing = FileManager.default.contents(atPath: hook.path), !force,
                    !String(decoding: existing, as: UTF8.self).contains(Self.marker)
                {
                    throw CommandFailure.usage(
                        "\(displayPath(of: hook)) exists and digest did not write it; add `digest lint --staged` to it, or pass --force to replace it"
                    )
                }
                let executable = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.resolvingSymlinksInPath().path
                let script = """
                    #!/bin/sh
                    \(Self.marker)
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
                do {
                    try AtomicFile.write(script, to: hook, newFile: .executable)
                    // A hook that was there without its execute bits would keep them off.
                    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
                } catch {
                    throw CommandFailure.usage("\(displayPath(of: hook)): cannot write the hook (\(error.localizedDescription))")
                }
                print("installed \(displayPath(of: hook))")
            }

            func shellQuoted(_ text: String) -> String {
                "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
            }
        }
    }
}
