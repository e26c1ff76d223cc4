import ArgumentParser
import DigestArchive
import DigestCore
import Foundation

extension DigestCommand {
    struct Hook: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hook",
            abstract: "Manage the git pre-commit hook that runs digest lint on staged issues.",
            subcommands: [Install.self]
        )

        struct Install: ParsableCommand {
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

            func run() throws {
                let repository = try Repository.forCommand()
                let executable = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.resolvingSymlinksInPath().path
                let hook: URL
                do {
                    hook = try PreCommitHook.install(root: repository.root, executable: executable, force: force)
                } catch {
                    throw CommandFailure.usage(error.description)
                }
                print("installed \(displayPath(of: hook))")
            }
        }
    }
}
