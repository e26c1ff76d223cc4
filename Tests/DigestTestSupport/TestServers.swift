import Foundation

public let aiosmtpdAvailable = pythonCanImport("aiosmtpd")
public let opensslAvailable = FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")
public let serversFolder = projectRoot.appendingPathComponent("Tests/DigestTestSupport/Servers")

/// A port on 127.0.0.1 that refuses every connection, held for as long as this value lives.
///
/// The socket is bound (so no other test can take the port) but never listens, so a
/// connection to it is refused at once.
public final class RefusingPort {
    public let port: Int
    private let socket: Int32

    public init() throws {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) }
        }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        guard socket >= 0, bound == 0, named == 0 else {
            if socket >= 0 { close(socket) }
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "cannot bind a port on 127.0.0.1"])
        }
        self.socket = socket
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(socket) }
}

/// One of the Python servers in `Servers/` on a loopback port it binds itself, stopped by its PID.
///
/// The server binds port 0 and reports the port the kernel gave it on its "ready" line, so
/// two tests starting servers at once can never race for a port.
public final class TestServer {
    public let port: Int
    public let folder: URL
    let process = Process()
    /// The server's stdout: "ready", then its events with `--echo-events`.
    let output = Pipe()
    let events: PipeLines

    /// Starts `script` with `0 FOLDER arguments…` and waits for its "ready PORT".
    /// - Parameter environment: variables added to the test's own for the server.
    public init(_ script: String = "smtp_server.py", _ arguments: [String] = [], environment: [String: String] = [:]) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", serversFolder.appendingPathComponent(script).path, "0", folder.path] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = output
        events = PipeLines(output.fileHandleForReading)
        // The servers' own complaints (a client that hung up mid-handshake) go to a file, not the test log.
        FileManager.default.createFile(atPath: folder.appendingPathComponent("stderr.txt").path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: folder.appendingPathComponent("stderr.txt"))
        try process.run()
        let ready = events.wait(for: "ready ", timeout: 30)
        let line = events.lines.last ?? ""
        guard ready, let port = Int(line.dropFirst("ready ".count)) else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let complaint = (try? String(contentsOf: folder.appendingPathComponent("stderr.txt"), encoding: .utf8)) ?? ""
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "\(script) did not start: \(line) \(complaint)"])
        }
        self.port = port
    }

    deinit {
        // SIGTERM, and SIGKILL if the server has not exited 5 s later; the wait is on its exit.
        let pid = process.processIdentifier
        let killer = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 5, execute: killer)
        kill(pid, SIGTERM)
        process.waitUntilExit()
        killer.cancel()
        try? FileManager.default.removeItem(at: folder)
    }

    public var url: String { "smtp://127.0.0.1:\(port)" }

    /// The messages received, in order, with their envelope recipients.
    public func received() throws -> [(recipients: [String], bytes: Data)] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".eml") }.sorted()
        return try names.map { name in
            let envelope =
                try JSONSerialization.jsonObject(
                    with: Data(contentsOf: folder.appendingPathComponent(name.replacingOccurrences(of: ".eml", with: ".json"))))
                as? [String: Any]
            return ((envelope?["to"] as? [String]) ?? [], try Data(contentsOf: folder.appendingPathComponent(name)))
        }
    }

    /// Reads the server's stdout until a line starting with `prefix` (the fault server prints
    /// its events there with `--echo-events`); `false` if none comes within `timeout` seconds
    /// or the server ends.
    public func waitForEvent(_ prefix: String, timeout: Double = 60) -> Bool {
        events.wait(for: prefix, timeout: timeout)
    }

    /// Answers the final dots held by `--hold-dot-until-usr1` (and any later ones at once).
    public func release() {
        kill(process.processIdentifier, SIGUSR1)
    }

    /// The event log (`FOLDER/log.txt`) of the fault and SES servers, one event per line.
    public func log() -> [String] {
        (try? String(contentsOf: folder.appendingPathComponent("log.txt"), encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
    }
}

/// A self-signed certificate for 127.0.0.1, made by `Servers/make_cert.sh` in a temporary folder.
public final class TestCertificate {
    public let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-cert-\(UUID().uuidString)")
    public var certificate: String { folder.appendingPathComponent("cert.pem").path }
    public var key: String { folder.appendingPathComponent("key.pem").path }

    public init() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [serversFolder.appendingPathComponent("make_cert.sh").path, folder.path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    deinit { try? FileManager.default.removeItem(at: folder) }
}
