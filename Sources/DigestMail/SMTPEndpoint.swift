import DigestCore
import Foundation

/// Where and how to reach the SMTP server.
public struct SMTPEndpoint: Sendable {
    /// `smtp://host:port` (STARTTLS) or `smtps://host:port` (TLS from the start).
    public var url: String
    /// Whether STARTTLS may be skipped on a server that is not this machine. A loopback
    /// server may always go without, since nothing it says leaves the machine.
    public var allowPlaintext: Bool
    /// The user name and password for AUTH; `nil` leaves them to a netrc file, if any.
    public var credentials: SMTPCredentials?
    /// A netrc file to read credentials from (libcurl's default is ~/.netrc).
    public var netrcFile: String?
    /// Certificates to trust beyond the system's, such as a test server's own.
    public var certificateAuthorities: String?
    /// Seconds to wait for a connection, and for each reply. The reply to the final dot may
    /// take a content filter minutes (RFC 5321 §4.5.3.2 suggests 10), and a reply given up
    /// on leaves the reader uncertain: 5 minutes by default.
    public var connectTimeout: Int
    public var responseTimeout: Int
    /// Seconds to wait for the reply to QUIT, when every message on a connection is settled
    /// and nothing hangs on the answer: a server that never gives it delays the end of the
    /// send by this much, not by a whole reply timeout.
    public var quitTimeout: Int

    public init(
        url: String, allowPlaintext: Bool = false, credentials: SMTPCredentials? = nil, netrcFile: String? = nil,
        certificateAuthorities: String? = nil, connectTimeout: Int = 10, responseTimeout: Int = 300, quitTimeout: Int = 10
    ) {
        self.url = url
        self.allowPlaintext = allowPlaintext
        self.credentials = credentials
        self.netrcFile = netrcFile
        self.certificateAuthorities = certificateAuthorities
        self.connectTimeout = connectTimeout
        self.responseTimeout = responseTimeout
        self.quitTimeout = quitTimeout
    }

    /// The server from the environment: `DIGEST_SMTP_USER` and `DIGEST_SMTP_PASSWORD` for
    /// credentials, `NETRC` for a netrc file, `DIGEST_SMTP_CA_FILE` for extra certificates.
    public init(url: String, allowPlaintext: Bool, environment: [String: String]) {
        var credentials: SMTPCredentials?
        if let user = environment["DIGEST_SMTP_USER"], !user.isEmpty {
            credentials = SMTPCredentials(user: user, password: environment["DIGEST_SMTP_PASSWORD"] ?? "")
        }
        self.init(
            url: url, allowPlaintext: allowPlaintext, credentials: credentials, netrcFile: environment["NETRC"],
            certificateAuthorities: environment["DIGEST_SMTP_CA_FILE"])
    }

    /// Whether the host is this machine (127.0.0.0/8, ::1 or localhost).
    public var isLoopback: Bool {
        guard let host = URLComponents(string: url)?.host else { return false }
        return LoopbackHost.contains(host)
    }

    /// Whether TLS is used from the start (`smtps://`).
    public var isImplicitTLS: Bool { url.lowercased().hasPrefix("smtps://") }

    /// Whether the session may go on without TLS when the server offers no STARTTLS.
    public var mayGoWithoutTLS: Bool { !isImplicitTLS && (isLoopback || allowPlaintext) }

    /// The URL as shown to the editor; it never holds credentials (DigestCore's `SMTPURL` refuses them).
    public var displayName: String { url }
}
