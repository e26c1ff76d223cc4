import ArgumentParser
import DigestArchive
import DigestCore
import Foundation

@main
struct DigestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "Write, check and publish the newsletter kept in this repository.",
        version: version,
        subcommands: [
            New.self, Lint.self, Format.self, Import.self, Render.self, Preview.self, Subscribers.self, Send.self, Inbox.self,
            Publish.self, Site.self, OneClickServer.self, DKIM.self, Hook.self,
        ]
    )

    /// The version `digest --version` and the SARIF output report.
    static let version = "0.3.0"

    /// Runs the command, with the exit codes editors and hooks rely on: 0 when all is well,
    /// 1 when the issue has errors, 2 on a usage, settings or I/O error.
    static func main() async {
        do {
            if let lint = lintCommand() {
                try lint.run()
                return
            }
            if let send = sendCommand() {
                try send.run()
                return
            }
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let failure as CommandFailure {
            if !failure.message.isEmpty {
                let line = failure.isDiagnostic ? failure.message : "digest: \(failure.message)"
                FileHandle.standardError.write(Data("\(line)\n".utf8))
            }
            Foundation.exit(failure.code)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)
            }
            let message = fullMessage(for: error)
            if !message.isEmpty {
                FileHandle.standardError.write(Data((message.hasSuffix("\n") ? message : message + "\n").utf8))
            }
            // ArgumentParser says 64 for a usage error; digest says 2.
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }

    /// The options of `digest lint …` when a hook's plain command line can be read without
    /// ArgumentParser (see ``Lint/Options/init(plainArguments:)``), or `nil`: anything else,
    /// help and errors included, is parsed from the root as before, so that every message
    /// and exit code stays the same.
    static func lintCommand() -> Lint.Options? {
        let arguments = CommandLine.arguments.dropFirst()
        // The name as written, not `Lint.configuration.commandName`: making ArgumentParser's
        // configuration has the runtime look up its types' conformances.
        guard arguments.first == "lint" else { return nil }
        return Lint.Options(plainArguments: arguments.dropFirst())
    }

    /// The options of `digest send …` when its command line can be read without
    /// ArgumentParser (see ``Send/Options/init(plainArguments:)``), or `nil`, as for lint.
    static func sendCommand() -> Send.Options? {
        let arguments = CommandLine.arguments.dropFirst()
        guard arguments.first == "send" else { return nil }
        return Send.Options(plainArguments: arguments.dropFirst())
    }
}

/// A failure to report to the editor, with the exit code it means.
struct CommandFailure: Error {
    var message: String
    var code: Int32
    /// Whether the message is already in `path:line:column: …` form, to print as it is.
    var isDiagnostic = false

    /// A usage, settings or I/O error: exit code 2.
    static func usage(_ message: String) -> CommandFailure {
        CommandFailure(message: message, code: 2)
    }

    /// Problems in the issue itself, already printed: exit code 1.
    static let findings = CommandFailure(message: "", code: 1)
}

extension Repository {
    /// The repository around the current folder, or a usage failure saying why there is none.
    static func forCommand(settingsCache: (URL) -> SettingsCache? = { _ in nil }) throws -> Repository {
        do {
            return try current(settingsCache: settingsCache)
        } catch .settings(let error) {
            throw CommandFailure(message: error.description, code: 2, isDiagnostic: true)
        } catch {
            throw CommandFailure.usage(error.description)
        }
    }
}

/// An `--date YYYY-MM-DD` option value.
extension IssueDate: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(iso: argument)
    }

    public static var defaultCompletionKind: CompletionKind { .default }
}
