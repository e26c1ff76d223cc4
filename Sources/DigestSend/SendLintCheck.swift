import DigestProcess
import Foundation

/// The lint check before a send, run as a `digest lint` child process: the very check the
/// pre-commit hook runs, and the dictionary and archive it loads stay out of the memory
/// of the send, which holds only what each message needs. It starts first and runs while
/// the send renders the issue and opens libcurl; ``findings()`` waits for it.
public final class SendLintCheck {
    public let path: String
    private let child: ChildProcess.Running
    private var finished = false

    /// Starts `executable lint --format json path` (``executable`` is the running `digest`).
    public init(path: String, executable: URL = SendLintCheck.executable) throws(SendFailure) {
        self.path = path
        do {
            child = try ChildProcess.Running(executable, ["lint", "--format", "json", path])
        } catch {
            throw .usage("cannot run `digest lint` on \(path) before sending (\(error.localizedDescription))")
        }
    }

    /// A check whose answer is not wanted (the send stopped before it) is not left running.
    deinit {
        if !finished { child.stop() }
    }

    /// The lint findings in the issue, each formatted `path:line:column: severity: … [rule]`.
    public func findings() throws(SendFailure) -> [SendLintGate.Finding] {
        let result = child.finish()
        finished = true
        // Exit 2 is a usage, settings or I/O error: its message says what to mend.
        guard result.status != 2 else {
            throw SendFailure(message: result.errorText, code: 2, isDiagnostic: true)
        }
        guard let findings = try? JSONSerialization.jsonObject(with: result.output) as? [[String: Any]] else {
            throw .usage("`digest lint` gave no report on \(path); run it yourself to see why")
        }
        return findings.map { finding in
            let place = "\(finding["path"] ?? path):\(finding["line"] ?? 1):\(finding["column"] ?? 1)"
            let severity = finding["severity"] as? String ?? "error"
            let rule = finding["rule"] as? String ?? ""
            return SendLintGate.Finding(
                severity: severity, rule: rule, text: "\(place): \(severity): \(finding["message"] ?? "") [\(rule)]")
        }
    }

    /// This program: the running `digest`.
    public static var executable: URL {
        let link = URL(fileURLWithPath: "/proc/self/exe")
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: link.path) {
            return URL(fileURLWithPath: target)
        }
        return URL(fileURLWithPath: CommandLine.arguments[0])
    }
}
