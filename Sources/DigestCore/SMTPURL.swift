import Foundation

/// An SMTP server address as `digest send` takes it: `smtp://host[:port]` (STARTTLS) or
/// `smtps://host[:port]` (TLS from the start), never with credentials in it.
public enum SMTPURL {
    /// Why `url` cannot be used, or `nil` when it can.
    public static func problem(with url: String) -> String? {
        if url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) {
            return "contains a space, line break or control character"
        }
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "smtp" || scheme == "smtps", let host = components.host, !host.isEmpty
        else {
            return "must be smtp://host:port (STARTTLS) or smtps://host:port (TLS), such as smtp://mail.example.org:587"
        }
        if components.user != nil || components.password != nil {
            return
                "must not hold a user name or password; set DIGEST_SMTP_USER and DIGEST_SMTP_PASSWORD or use a netrc file"
        }
        if components.query != nil || components.fragment != nil {
            return "must not have a query or fragment; write smtp://host:port"
        }
        return nil
    }
}
