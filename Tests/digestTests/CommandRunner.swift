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

/// The `digest` executable built beside this test bundle.
let digestExecutable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("digest").path

/// Runs the `digest` executable built beside this test bundle.
func digest(_ arguments: [String], in folder: URL, environment: [String: String] = [:]) throws -> CommandResult {
    try run([digestExecutable] + arguments, in: folder, environment: environment)
}

/// Runs a program (a path, or a name found on PATH) in a folder and returns what it printed.
@discardableResult
func run(_ arguments: [String], in folder: URL, environment: [String: String] = [:]) throws -> CommandResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.currentDirectoryURL = folder
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    // Standard error is read on another thread, so neither pipe can fill and stall the command.
    let errorData = LockedData()
    let done = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
        errorData.set(errors.fileHandleForReading.readDataToEndOfFile())
        done.signal()
    }
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    done.wait()
    process.waitUntilExit()
    return CommandResult(
        status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
        errors: String(decoding: errorData.value, as: UTF8.self))
}

/// Data handed from a reader thread.
final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?

    func set(_ value: Data) {
        lock.lock()
        data = value
        lock.unlock()
    }

    var value: Data {
        lock.lock()
        defer { lock.unlock() }
        return data ?? Data()
    }
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
