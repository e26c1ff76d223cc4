import DigestTestSupport
import Foundation

/// What running the `digest` executable gave.
struct CommandResult {
    var status: Int32
    var output: String
    var errors: String
}

/// The `digest` executable built beside this test bundle.
let digestExecutable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("digest").path

/// Runs the `digest` executable built beside this test bundle.
func digest(_ arguments: [String], in folder: URL, environment: [String: String] = [:]) throws -> CommandResult {
    try run([digestExecutable] + arguments, in: folder, environment: environment)
}

/// Runs a program (a path, or a name found on PATH) in a folder and returns what it printed.
@discardableResult
func run(_ arguments: [String], in folder: URL, environment: [String: String] = [:]) throws -> CommandResult {
    let result = try runProgram(arguments, in: folder, environment: environment)
    return CommandResult(status: result.status, output: result.output, errors: result.errors)
}

/// A throwaway copy of this repository's settings and archive, with an empty `Drafts/`.
final class Checkout {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("digest-cli-\(UUID().uuidString)", isDirectory: true)
        let manager = FileManager.default
        try manager.createDirectory(at: root.appendingPathComponent("Drafts"), withIntermediateDirectories: true)
        try manager.createDirectory(at: root.appendingPathComponent("seeds"), withIntermediateDirectories: true)
        try manager.copyItem(at: projectRoot.appendingPathComponent("digest.yaml"), to: root.appendingPathComponent("digest.yaml"))
        try manager.copyItem(at: projectRoot.appendingPathComponent("seeds/archive"), to: root.appendingPathComponent("seeds/archive"))
        try manager.copyItem(at: projectRoot.appendingPathComponent("Templates"), to: root.appendingPathComponent("Templates"))
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    func url(_ relativePath: String) -> URL {
        root.appendingPathComponent(relativePath)
    }

    func write(_ text: String, to relativePath: String) throws {
        let url = url(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }
}
