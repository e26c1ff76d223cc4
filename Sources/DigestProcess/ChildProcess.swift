import Foundation
import Synchronization

/// Runs another program to its end: `git` for `--staged`, `digest lint` before a send, and
/// the tests' programs.
public enum ChildProcess {
    public struct Result: Sendable {
        public var status: Int32
        public var output: Data
        public var errors: Data

        public var errorText: String { String(decoding: errors, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// Runs `executable` with `arguments` in `folder` (the current one when `nil`), with
    /// `environment` added to this process's, and collects what it prints.
    public static func run(
        _ executable: URL, _ arguments: [String], in folder: URL? = nil, environment: [String: String] = [:]
    ) throws -> Result {
        try Running(executable, arguments, in: folder, environment: environment).finish()
    }

    /// A child that did not end within its time and was stopped.
    public struct TimedOut: Error, Sendable {
        public var seconds: Double
    }

    /// ``run(_:_:in:environment:)`` for a program that may hang (an HTML-to-PDF engine on a
    /// hostile page): when it has not ended within `seconds`, it is sent SIGTERM, then
    /// SIGKILL five seconds later, and ``TimedOut`` is thrown.
    public static func run(
        _ executable: URL, _ arguments: [String], in folder: URL? = nil, environment: [String: String] = [:], timeout seconds: Double
    ) throws -> Result {
        let running = try Running(executable, arguments, in: folder, environment: environment)
        guard running.waitForExit(seconds: seconds) else {
            running.stop(graceSeconds: 5)
            throw TimedOut(seconds: seconds)
        }
        return running.finish()
    }

    /// A child started and left to run while this process does something else; ``finish()``
    /// waits for it. Both its outputs are read on other threads from the start, so neither
    /// pipe can fill and stall it.
    public final class Running: Sendable {
        private let process = Process()
        /// What the child printed, handed over by the reader threads.
        private let printed = Mutex<(output: Data, errors: Data)>((Data(), Data()))
        private let readers = DispatchGroup()
        private let exited = DispatchSemaphore(value: 0)

        public init(_ executable: URL, _ arguments: [String], in folder: URL? = nil, environment: [String: String] = [:]) throws {
            process.executableURL = executable
            process.arguments = arguments
            if let folder { process.currentDirectoryURL = folder }
            if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
            let outputPipe = Pipe()
            let errorPipe = Pipe()
            process.standardOutput = outputPipe
            process.standardError = errorPipe
            process.terminationHandler = { [exited] _ in exited.signal() }
            try process.run()
            DispatchQueue.global().async(group: readers) { [self] in
                let data = outputPipe.fileHandleForReading.readDataToEndOfFile()
                printed.withLock { $0.output = data }
            }
            DispatchQueue.global().async(group: readers) { [self] in
                let data = errorPipe.fileHandleForReading.readDataToEndOfFile()
                printed.withLock { $0.errors = data }
            }
        }

        /// Waits for the child to end and gives what it printed.
        public func finish() -> Result {
            readers.wait()
            // Foundation's waitUntilExit alone polls its run loop every 50 ms on Linux, and the
            // child has usually not been reaped yet when its pipes close: `digest send` waited
            // 50 ms for its lint check that way. The termination handler runs once the child is
            // reaped (`isRunning` false), so after it waitUntilExit returns at once.
            exited.wait()
            exited.signal()  // for a later wait
            process.waitUntilExit()
            let (output, errors) = printed.withLock { $0 }
            return Result(status: process.terminationStatus, output: output, errors: errors)
        }

        /// Whether the child ended within `seconds`.
        public func waitForExit(seconds: Double) -> Bool {
            guard exited.wait(timeout: .now() + seconds) == .success else { return false }
            exited.signal()  // for a later wait
            return true
        }

        /// Sends SIGTERM, then SIGKILL when the child is still there after `graceSeconds`, and waits for it.
        public func stop(graceSeconds: Double) {
            if process.isRunning { process.terminate() }
            if !waitForExit(seconds: graceSeconds) { kill(process.processIdentifier, SIGKILL) }
            _ = finish()
        }

        /// Ends the child if it still runs (when its result is no longer wanted) and waits for it.
        public func stop() {
            if process.isRunning { process.terminate() }
            _ = finish()
        }
    }
}
