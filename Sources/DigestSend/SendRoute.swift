import DigestCore
import DigestMail
import Foundation

/// Where a send goes: a mail server, a Maildir outbox. Each route makes its transport,
/// names its destination for the reports, and says where its records live, so that a new
/// route is a new type here and not another branch in the command.
public protocol SendRoute: Sendable {
    /// The destination as the reports and the confirmation name it:
    /// `smtp://mail.example.org:587`, `the outbox Outbox/`.
    var destination: String { get }

    /// Whether messages reach readers: a send to the subscribers then asks first, and needs
    /// the unsubscribe secret that keeps their links working from send to send.
    var mailsReaders: Bool { get }

    /// The Maildir folder the route writes into; `nil` for a route that mails readers.
    var outbox: URL? { get }

    /// The transport that carries the messages, opened (libcurl loaded) so that a
    /// failure to open it stops the send before anyone is marked.
    func transport(sender: String, connections: Int, rate: Double?) throws -> any Transport

    /// Headers the route's service rewrites after a message leaves digest, so a DKIM
    /// signature must not cover them.
    var headersLeftUnsigned: Set<String> { get }
}

extension SendRoute {
    public var headersLeftUnsigned: Set<String> { [] }
}

extension SendRoute {
    /// The issue's records of sending through this route.
    public func history(root: URL, issueKey: String, displayPath: @escaping @Sendable (URL) -> String) -> SendHistory {
        SendHistory(root: root, outbox: outbox, issueKey: issueKey, displayPath: displayPath)
    }
}
