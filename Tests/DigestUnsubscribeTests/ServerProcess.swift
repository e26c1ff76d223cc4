import DigestTestSupport
import Foundation

/// The secret the tests sign links with.
let testSecret = "test-secret-0123456789abcdef"

/// The `digest` executable built beside this test bundle.
let digestExecutable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("digest")

/// A throwaway repository: this one's settings and a subscriber list.
final class ListFolder {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("digest-oneclick-\(UUID().uuidString)")
    var listURL: URL { root.appendingPathComponent("Subscribers/subscribers.csv") }
    var logURL: URL { root.appendingPathComponent(".digest/unsubscribe/requests.log") }

    init(readers: [String]) throws {
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Subscribers"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: projectRoot.appendingPathComponent("digest.yaml"), to: root.appendingPathComponent("digest.yaml"))
        let rows = readers.map { "\($0),,subscribed,2026-01-01,2026-01-01\n" }.joined()
        try Data(("address,name,status,subscribed,changed\n" + rows).utf8).write(to: listURL)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    var list: String { (try? String(contentsOf: listURL, encoding: .utf8)) ?? "" }
    var logLines: [String] {
        ((try? String(contentsOf: logURL, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// The status column of each reader.
    var statuses: [String: String] {
        var result: [String: String] = [:]
        for line in list.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            result[String(fields[0])] = String(fields[2]) + (fields.count > 5 && !fields[5].isEmpty ? " " + fields[5] : "")
        }
        return result
    }
}

/// `digest unsubscribe-server --listen 127.0.0.1:0` running in a folder, stopped by PID.
final class ServerProcess {
    let process = Process()
    let output = Pipe()
    let lines: PipeLines
    let port: Int

    init(in folder: ListFolder, secret: String = testSecret) throws {
        process.executableURL = digestExecutable
        process.arguments = ["unsubscribe-server", "--listen", "127.0.0.1:0"]
        process.currentDirectoryURL = folder.root
        var environment = ProcessInfo.processInfo.environment
        environment["DIGEST_UNSUBSCRIBE_SECRET"] = secret
        process.environment = environment
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        lines = PipeLines(output.fileHandleForReading)
        try process.run()
        guard lines.wait(for: "listening on 127.0.0.1:", timeout: 60), let port = Int(lines.lines.last!.split(separator: ":").last!) else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "the server did not start: \(lines.lines)"])
        }
        self.port = port
    }

    /// Kills the server at once, as a crash or `kill -9` would.
    func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
    }
}
