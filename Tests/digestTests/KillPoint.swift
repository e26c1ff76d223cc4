import DigestTestSupport
import Foundation

/// Whether strace is installed (`.ci/setup --test` installs it): the crash tests kill
/// `digest` through it.
let straceAvailable = FileManager.default.isExecutableFile(atPath: "/usr/bin/strace")

/// Where a crash test kills `digest`: on entering the `n`th call of a system call that
/// makes its work durable, as `strace --inject` does it. The product carries no hook for
/// the test, and a seed gives the same kill at the same point on every run.
struct KillPoint: CustomStringConvertible {
    /// `fsync` falls between each write and its flush; `rename` puts a file in place (the
    /// list, a message moved to the done folder).
    enum Call: String {
        case fsync
        case rename
    }

    var call: Call
    var n: Int

    /// The system calls counted; strace counts each one's calls separately.
    var syscalls: String {
        switch call {
        case .fsync: "fsync"
        case .rename: "rename,renameat,renameat2"
        }
    }

    var description: String { "before \(call.rawValue) #\(n)" }

    /// A point `generator` chooses: one of the first `fsyncs` flushes or `renames` renames.
    static func random(_ generator: inout SplitMix64, fsyncs: Int, renames: Int) -> KillPoint {
        let pick = Int(generator.next() % UInt64(fsyncs + renames))
        return pick < fsyncs ? KillPoint(call: .fsync, n: pick + 1) : KillPoint(call: .rename, n: pick - fsyncs + 1)
    }
}

/// Runs `digest arguments` under strace, killed with SIGKILL as it enters the call at
/// `point`; a run that makes fewer such calls ends by itself. A killed run's status is
/// never 0 and its stderr holds only what digest wrote before.
func digest(_ arguments: [String], in folder: URL, environment: [String: String] = [:], killedAt point: KillPoint) throws -> CommandResult {
    try run(
        [
            "strace", "--follow-forks", "--quiet=all", "--output=/dev/null", "--trace=\(point.syscalls)",
            "--inject=\(point.syscalls):signal=SIGKILL:when=\(point.n)", digestExecutable,
        ] + arguments, in: folder, environment: environment)
}
