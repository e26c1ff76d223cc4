import Foundation

/// Whether Debian's dovecot-imapd is installed (`.ci/setup --test` installs it).
public let dovecotAvailable = FileManager.default.isExecutableFile(atPath: "/usr/sbin/dovecot")

/// A Dovecot IMAP server on a free loopback port, configured by the test: a passwd-file
/// login (`ed`/`secret`), a Maildir in a temporary folder, STARTTLS with the test's own
/// certificate; run in the foreground (`dovecot -F`) and stopped by its PID.
public final class DovecotServer {
    public let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-dovecot-\(UUID().uuidString)")
    public private(set) var port = 0
    public let user = "ed"
    public let password = "secret"
    public let certificate: TestCertificate
    private let process = Process()
    public var maildir: URL { folder.appendingPathComponent("mail") }

    public init() throws {
        certificate = try TestCertificate()
        let manager = FileManager.default
        for sub in ["run", "state", "home", "mail/cur", "mail/new", "mail/tmp"] {
            try manager.createDirectory(at: folder.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        // Dovecot's mail processes refuse root: the mail user is `nobody` when the test runs
        // as root (as CI does), else the test's own user, and it owns the Maildir.
        let root = geteuid() == 0
        let uid = root ? 65534 : Int(geteuid())
        let gid = root ? 65534 : Int(getegid())
        let me = String(cString: getpwuid(geteuid()).pointee.pw_name)
        let group = String(cString: getgrgid(getegid()).pointee.gr_name)
        try "\(user):{PLAIN}\(password):\(uid):\(gid)::\(folder.path)/home::\n".write(
            to: folder.appendingPathComponent("passwd"), atomically: true, encoding: .utf8)
        chmod(folder.path, 0o755)
        port = try Self.freePort()
        let config = """
            protocols = imap
            listen = 127.0.0.1
            base_dir = \(folder.path)/run
            state_dir = \(folder.path)/state
            log_path = \(folder.path)/log
            info_log_path = \(folder.path)/log
            ssl = yes
            ssl_cert = <\(certificate.certificate)
            ssl_key = <\(certificate.key)
            disable_plaintext_auth = no
            auth_mechanisms = plain login
            default_login_user = \(root ? "dovenull" : me)
            default_internal_user = \(root ? "dovecot" : me)
            default_internal_group = \(root ? "dovecot" : group)
            mail_location = maildir:\(maildir.path)
            passdb {
              driver = passwd-file
              args = \(folder.path)/passwd
            }
            userdb {
              driver = passwd-file
              args = \(folder.path)/passwd
            }
            service anvil {
              chroot =
            }
            service imap-login {
              chroot =
              inet_listener imap {
                address = 127.0.0.1
                port = \(port)
              }
              inet_listener imaps {
                port = 0
              }
            }
            service stats {
              unix_listener stats-writer {
                mode = 0666
              }
            }

            """
        try config.write(to: folder.appendingPathComponent("dovecot.conf"), atomically: true, encoding: .utf8)
        if root { try chown(maildir) }
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/dovecot")
        process.arguments = ["-F", "-c", folder.appendingPathComponent("dovecot.conf").path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Ready when the port takes a connection; a server that exits first has failed.
        let deadline = Date().addingTimeInterval(30)
        while !Self.accepts(port) {
            guard process.isRunning, Date() < deadline else {
                let log = (try? String(contentsOf: folder.appendingPathComponent("log"), encoding: .utf8)) ?? ""
                stop()
                throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "dovecot did not start: \(log)"])
            }
            usleep(20_000)
        }
    }

    /// Hands the Maildir and everything in it to the mail user (root only).
    public func chown(_ url: URL) throws {
        guard geteuid() == 0 else { return }
        let paths = [url.path] + (FileManager.default.subpaths(atPath: url.path) ?? []).map { url.appendingPathComponent($0).path }
        for path in paths { _ = Foundation.chown(path, 65534, 65534) }
    }

    /// Puts a message in the Maildir's new/ folder, as a delivery would.
    public func deliver(_ text: String, name: String) throws {
        let url = maildir.appendingPathComponent("new").appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        try chown(url)
    }

    public var url: String { "imap://127.0.0.1:\(port)/INBOX" }

    public var environment: [String: String] {
        ["DIGEST_IMAP_USER": user, "DIGEST_IMAP_PASSWORD": password, "DIGEST_IMAP_CA_FILE": certificate.certificate]
    }

    /// SIGTERM, then SIGKILL if Dovecot has not exited a second later (its auth process can
    /// keep a shutdown waiting for minutes); its other processes end when the master does.
    private func stop() {
        guard process.isRunning else { return }
        let pid = process.processIdentifier
        let killer = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 1, execute: killer)
        kill(pid, SIGTERM)
        process.waitUntilExit()
        killer.cancel()
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: folder)
    }

    /// A port the kernel has free on 127.0.0.1 now (Dovecot cannot report a port 0 it bound).
    static func freePort() throws -> Int {
        let refusing = try RefusingPort()
        return refusing.port
    }

    static func accepts(_ port: Int) -> Bool {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}
