import Foundation

/// The list's mailbox as `--from`, `DIGEST_INBOX` and `list.inbox` name it: `maildir:PATH`
/// (relative to the repository's folder unless it starts with `/`), `imaps://host[:port]/MAILBOX`
/// (TLS from the start) or `imap://host[:port]/MAILBOX` (STARTTLS, required off loopback).
/// Never credentials: those come from `DIGEST_IMAP_USER`/`DIGEST_IMAP_PASSWORD` or netrc.
public enum InboxURL: Equatable, Sendable {
    case maildir(String)
    /// The URL as written, and whether TLS starts at once.
    case imap(String, implicitTLS: Bool)

    public static let known = "maildir:PATH, imaps://host/MAILBOX or imap://host/MAILBOX"

    public init?(_ text: String) {
        guard Self.problem(with: text) == nil else { return nil }
        if text.lowercased().hasPrefix("maildir:") {
            self = .maildir(String(text.dropFirst("maildir:".count)))
        } else {
            self = .imap(text, implicitTLS: text.lowercased().hasPrefix("imaps:"))
        }
    }

    /// Why `text` names no mailbox, as words to follow where it came from; `nil` when it names one.
    public static func problem(with text: String) -> String? {
        if text.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            return "contains a line break or control character"
        }
        let lower = text.lowercased()
        if lower.hasPrefix("maildir:") {
            let path = text.dropFirst("maildir:".count)
            if path.isEmpty { return "names no folder: write maildir:PATH, such as maildir:/var/mail/digest" }
            if path.hasPrefix("~") { return "starts with ~, which digest does not expand: write the folder from /" }
            return nil
        }
        guard lower.hasPrefix("imap://") || lower.hasPrefix("imaps://") else {
            return "must name the list's mailbox: \(known)"
        }
        guard let components = URLComponents(string: text), let host = components.host, !host.isEmpty else {
            return "is not a URL digest can read; write imaps://mail.example.org/INBOX"
        }
        if components.user != nil || components.password != nil {
            return "holds credentials; take them out and set DIGEST_IMAP_USER and DIGEST_IMAP_PASSWORD, or use a netrc file"
        }
        if components.path.isEmpty || components.path == "/" {
            return "names no mailbox; add it after the host, such as imaps://\(host)/INBOX"
        }
        return nil
    }
}
