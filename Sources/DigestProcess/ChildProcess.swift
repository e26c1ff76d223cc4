import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

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

    /// A child that could not be started: the program is missing or not executable, the
    /// folder is missing, or the system is out of processes or pipes.
    public struct LaunchFailure: LocalizedError, Sendable {
        public var program: String
        public var reason: String

        public var errorDescription: String? { "cannot run \(program): \(reason)" }
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
    /// waits for it. One thread of its own reads both its outputs from the start, so neither
    /// pipe can fill and stall it, and reaps it once both close.
    ///
    /// Started with posix_spawn(3), not Foundation's `Process`: that one's launch, its
    /// environment dictionary and the runtime's type look-ups it sets off, cost `digest send`
    /// 1.3 ms before its lint check could start, and two more threads to read the pipes.
    public final class Running: Sendable {
        private let pid: pid_t
        private let program: String
        /// What the child printed and how it ended, filled in by the reading thread.
        private let outcome = Mutex<(output: Data, errors: Data, status: Int32?)>((Data(), Data(), nil))
        private let exited = DispatchSemaphore(value: 0)

        public init(_ executable: URL, _ arguments: [String], in folder: URL? = nil, environment: [String: String] = [:]) throws {
            let program = executable.path
            self.program = program
            var output: [Int32] = [-1, -1]
            var errors: [Int32] = [-1, -1]
            guard Self.closeOnExecPipe(&output) else { throw LaunchFailure(program: program, reason: String(cString: strerror(errno))) }
            guard Self.closeOnExecPipe(&errors) else {
                let reason = String(cString: strerror(errno))
                close(output[0])
                close(output[1])
                throw LaunchFailure(program: program, reason: reason)
            }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer {
                posix_spawn_file_actions_destroy(&actions)
                posix_spawnattr_destroy(&attributes)
            }
            // The pipes' ends become the child's stdout and stderr (dup2 clears close-on-exec
            // there); every other descriptor of this process is close-on-exec or closed here.
            posix_spawn_file_actions_adddup2(&actions, output[1], 1)
            posix_spawn_file_actions_adddup2(&actions, errors[1], 2)
            _ = Self.addCloseFrom?(&actions, 3)
            if let folder {
                guard let addChdir = Self.addChdir else {
                    throw LaunchFailure(program: program, reason: "this C library cannot start a program in another folder")
                }
                _ = addChdir(&actions, folder.path)
            }
            // The child starts with no signal blocked and every signal at its default, whatever
            // this process blocks or ignores (SIGPIPE, for libcurl).
            var none = sigset_t()
            sigemptyset(&none)
            var all = sigset_t()
            sigfillset(&all)
            posix_spawnattr_setsigmask(&attributes, &none)
            posix_spawnattr_setsigdefault(&attributes, &all)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

            let argv = ([program] + arguments).map { strdup($0) }
            let added =
                environment.isEmpty ? [] : ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { strdup("\($0)=\($1)") }
            defer { (argv + added).forEach { free($0) } }
            var child: pid_t = 0
            let started = (argv + [nil]).withUnsafeBufferPointer { argv in
                if environment.isEmpty { return posix_spawn(&child, program, &actions, &attributes, argv.baseAddress!, environ) }
                return (added + [nil]).withUnsafeBufferPointer {
                    posix_spawn(&child, program, &actions, &attributes, argv.baseAddress!, $0.baseAddress!)
                }
            }
            close(output[1])
            close(errors[1])
            guard started == 0 else {
                close(output[0])
                close(errors[0])
                throw LaunchFailure(program: program, reason: String(cString: strerror(started)))
            }
            pid = child
            let reading = Thread { [self, child, output = output[0], errors = errors[0]] in
                let (printed, complained) = Self.readBoth(output, errors)
                var status: Int32 = 0
                while waitpid(child, &status, 0) < 0 && errno == EINTR {}
                // As Foundation gave it: the exit code, or the number of the signal that ended it.
                let code = status & 0x7F == 0 ? (status >> 8) & 0xFF : status & 0x7F
                outcome.withLock { $0 = (printed, complained, code) }
                exited.signal()
            }
            reading.name = "digest child reader"
            reading.start()
        }

        /// A pipe whose two ends close on exec, so that no other child started meanwhile holds
        /// one open (its reader would then never see the end).
        private static func closeOnExecPipe(_ ends: inout [Int32]) -> Bool {
            if let pipe2 { return pipe2(&ends, O_CLOEXEC) == 0 }
            guard pipe(&ends) == 0 else { return false }
            for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
            return true
        }

        /// glibc's pipe2(2), posix_spawn_file_actions_addchdir_np (2.29) and
        /// posix_spawn_file_actions_addclosefrom_np (2.34): Swift's Glibc module leaves them
        /// out (they need _GNU_SOURCE), so they are looked up by name.
        private static let pipe2: (@convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32)? = symbol("pipe2")
        private static let addChdir: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32)? =
            symbol(
                "posix_spawn_file_actions_addchdir_np")
        private static let addCloseFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? =
            symbol("posix_spawn_file_actions_addclosefrom_np")

        private static func symbol<Function>(_ name: String) -> Function? {
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
            return unsafeBitCast(symbol, to: Function.self)
        }

        /// Everything written to the two pipes until both close, read as it comes.
        private static func readBoth(_ output: Int32, _ errors: Int32) -> (Data, Data) {
            var collected = [Data(), Data()]
            var open = [output, errors]
            var chunk = [UInt8](repeating: 0, count: 65_536)
            while open.contains(where: { $0 >= 0 }) {
                var watched = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
                guard poll(&watched, nfds_t(watched.count), -1) >= 0 || errno == EINTR else { break }
                for index in 0..<2 where open[index] >= 0 && watched[index].revents != 0 {
                    let count = chunk.withUnsafeMutableBytes { read(open[index], $0.baseAddress, $0.count) }
                    if count > 0 {
                        collected[index].append(contentsOf: chunk[..<count])
                    } else if count == 0 || errno != EINTR && errno != EAGAIN {
                        close(open[index])
                        open[index] = -1
                    }
                }
            }
            for descriptor in open where descriptor >= 0 { close(descriptor) }
            return (collected[0], collected[1])
        }

        /// Waits for the child to end and gives what it printed.
        public func finish() -> Result {
            exited.wait()
            exited.signal()  // for a later wait
            let (output, errors, status) = outcome.withLock { $0 }
            return Result(status: status ?? -1, output: output, errors: errors)
        }

        /// Whether the child ended within `seconds`.
        public func waitForExit(seconds: Double) -> Bool {
            guard exited.wait(timeout: .now() + seconds) == .success else { return false }
            exited.signal()  // for a later wait
            return true
        }

        /// Whether the child has not yet been reaped.
        private var isRunning: Bool { outcome.withLock { $0.status == nil } }

        /// Sends SIGTERM, then SIGKILL when the child is still there after `graceSeconds`, and waits for it.
        public func stop(graceSeconds: Double) {
            if isRunning { kill(pid, SIGTERM) }
            if !waitForExit(seconds: graceSeconds), isRunning { kill(pid, SIGKILL) }
            _ = finish()
        }

        /// Ends the child if it still runs (when its result is no longer wanted) and waits for it.
        public func stop() {
            if isRunning { kill(pid, SIGTERM) }
            _ = finish()
        }
    }
}
