import DigestMail
import Foundation

/// A mail server over SMTP (`smtp://host:port` with STARTTLS, `smtps://host:port`), through
/// libcurl. TLS is required off this machine unless `--allow-plaintext` says otherwise, and
/// credentials come from the environment or a netrc file, never the URL. Its full journal
/// is kept in `.digest/journal/`, and the summary editors commit in `Subscribers/sent/`.
public struct SMTPRoute: SendRoute {
    public let server: SMTPEndpoint

    public init(server: SMTPEndpoint) {
        self.server = server
    }

    public var destination: String { server.displayName }
    public var mailsReaders: Bool { true }
    public var outbox: URL? { nil }

    public func transport(sender: String, connections: Int, rate: Double?) throws -> any Transport {
        let transport = SMTPTransport(server: server, sender: sender, connections: connections, rate: rate)
        try SMTPTransport.load()
        return transport
    }
}
