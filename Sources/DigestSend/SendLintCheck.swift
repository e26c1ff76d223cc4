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
        // Each value taken as the type it has (`Any` printed into the line cost the send
        // 0.9 ms of the runtime's dynamic casts, on its way to the first message).
        return findings.map { finding in
            let severity = finding["severity"] as? String ?? "error"
            let rule = finding["rule"] as? String ?? ""
            let line = (finding["line"] as? NSNumber)?.intValue ?? 1
            let column = (finding["column"] as? NSNumber)?.intValue ?? 1
            let place = "\(finding["path"] as? String ?? path):\(line):\(column)"
            return SendLintGate.Finding(
                severity: severity, rule: rule, text: "\(place): \(severity): \(finding["message"] as? String ?? "") [\(rule)]")
        }
    }

    /// This program: the running `digest`, from readlink(2) on `/proc/self/exe` (FileManager's
    /// way cost the send 0.35 ms before the check could start).
    public static var executable: URL {
        var target = [UInt8](repeating: 0, count: Int(PATH_MAX))
        let count = target.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { readlink("/proc/self/exe", $0.baseAddress!, $0.count) }
        }
        if count > 0 {
            return URL(fileURLWithPath: String(decoding: target[..<count], as: UTF8.self), isDirectory: false)
        }
        return URL(fileURLWithPath: CommandLine.arguments[0], isDirectory: false)
    }
}
