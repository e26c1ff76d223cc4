import DigestProcess
import Foundation
import Testing

/// The child processes `digest` starts (its lint check, git, a PDF engine), through posix_spawn.
@Suite("a child process")
struct ChildProcessTests {
    let shell = URL(fileURLWithPath: "/bin/sh")

    @Test("both outputs are read as they come, far past a pipe's 64 KB, with the exit code")
    func outputs() throws {
        let result = try ChildProcess.run(shell, ["-c", "head -c 300000 /dev/zero; head -c 200000 /dev/zero >&2; exit 3"])
        #expect(result.status == 3)
        #expect(result.output.count == 300_000 && result.errors.count == 200_000)
    }

    @Test("it runs in the folder given, with the variables given added to this process's")
    func folderAndEnvironment() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try ChildProcess.run(
            shell, ["-c", #"pwd; echo "$DIGEST_CHILD_TEST"; echo "${PATH:+path}""#], in: folder, environment: ["DIGEST_CHILD_TEST": "given"]
        )
        #expect(String(decoding: result.output, as: UTF8.self) == "\(folder.resolvingSymlinksInPath().path)\ngiven\npath\n")
    }

    @Test("it starts with no signal ignored or blocked, and none of this process's open files")
    func cleanStart() throws {
        let ignored = signal(SIGPIPE, SIG_IGN)
        defer { signal(SIGPIPE, ignored) }
        let leaked = open("/dev/null", O_RDONLY)  // not close-on-exec
        defer { close(leaked) }
        let status = try ChildProcess.run(URL(fileURLWithPath: "/bin/cat"), ["/proc/self/status"])
        let masks = Dictionary(
            String(decoding: status.output, as: UTF8.self).split(separator: "\n").compactMap { line -> (String, UInt64)? in
                let parts = line.split(separator: ":\t")
                guard parts.count == 2, ["SigBlk", "SigIgn"].contains(parts[0]) else { return nil }
                return (String(parts[0]), UInt64(parts[1], radix: 16) ?? .max)
            }, uniquingKeysWith: { $1 })
        // Signals 1-31; from 32 on, glibc keeps some for itself.
        #expect(masks["SigBlk"].map { $0 & 0x7FFF_FFFF } == 0)
        #expect(masks["SigIgn"].map { $0 & 0x7FFF_FFFF } == 0)
        let descriptors = try ChildProcess.run(URL(fileURLWithPath: "/bin/ls"), ["/proc/self/fd"])
        #expect(!String(decoding: descriptors.output, as: UTF8.self).split(separator: "\n").contains(Substring(String(leaked))))
    }

    @Test("a program that is not there is a launch failure naming it")
    func missing() {
        let failure = #expect(throws: ChildProcess.LaunchFailure.self) {
            try ChildProcess.run(URL(fileURLWithPath: "/nonexistent/digest-child"), [])
        }
        #expect(failure?.localizedDescription == "cannot run /nonexistent/digest-child: No such file or directory")
    }

    @Test("a child that outlives its time is stopped and reported")
    func timeout() {
        #expect(throws: ChildProcess.TimedOut.self) { try ChildProcess.run(shell, ["-c", "exec sleep 60"], timeout: 0.2) }
    }

    @Test("a child stopped early gives the signal that ended it as its status")
    func stopped() throws {
        let running = try ChildProcess.Running(shell, ["-c", "exec sleep 60"])
        running.stop()
        #expect(running.finish().status == SIGTERM)
    }
}
