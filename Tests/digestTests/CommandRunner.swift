import Foundation

/// The digest repository this test file is in.
let projectRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// What running the `digest` executable gave.
struct CommandResult {
    var status: Int32
    var output: String
    var errors: String
}

/// Runs the `digest` executable built beside this test bundle.
func digest(_ arguments: [String], in folder: URL) throws -> CommandResult {
    let process = Process()
    let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    process.executableURL = products.appendingPathComponent("digest")
    process.arguments = arguments
    process.currentDirectoryURL = folder
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    // Read both pipes before waiting, so a chatty command cannot fill a pipe and stall.
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandResult(
        status: process.terminationStatus,
        output: String(decoding: outputData, as: UTF8.self),
        errors: String(decoding: errorData, as: UTF8.self))
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
