import Foundation

/// The lint check before a send, run as a `digest lint` child process: the very check the
/// pre-commit hook runs, and the dictionary and archive it loads stay out of the memory
/// of the send, which holds only what each message needs.
enum SendLintCheck {
    /// The lint errors in the issue at `path`, formatted `path:line:column: error: …`.
    static func errors(in path: String) throws -> [String] {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["lint", "--format", "json", path]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw CommandFailure.usage("cannot run `digest lint` on \(path) before sending (\(error.localizedDescription))")
        }
        // Standard error is read on another thread, so neither pipe can fill and stall the child.
        let complaints = LockedText()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            complaints.set(String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
            done.signal()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        done.wait()
        process.waitUntilExit()
        let complaint = complaints.value
        // Exit 2 is a usage, settings or I/O error: its message says what to mend.
        guard process.terminationStatus != 2 else {
            throw CommandFailure(message: complaint.trimmingCharacters(in: .whitespacesAndNewlines), code: 2, isDiagnostic: true)
        }
        guard let findings = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw CommandFailure.usage("`digest lint` gave no report on \(path); run it yourself to see why")
        }
        return findings.filter { $0["severity"] as? String == "error" }.map { finding in
            let place = "\(finding["path"] ?? path):\(finding["line"] ?? 1):\(finding["column"] ?? 1)"
            return "\(place): error: \(finding["message"] ?? "") [\(finding["rule"] ?? "")]"
        }
    }

    /// This program: the running `digest`.
    static var executable: URL {
        let link = URL(fileURLWithPath: "/proc/self/exe")
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: link.path) {
            return URL(fileURLWithPath: target)
        }
        return URL(fileURLWithPath: CommandLine.arguments[0])
    }
}

/// Text handed from a reader thread.
private final class LockedText: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""

    func set(_ value: String) {
        lock.lock()
        text = value
        lock.unlock()
    }

    var value: String {
        lock.lock()
        defer { lock.unlock() }
        return text
    }
}
