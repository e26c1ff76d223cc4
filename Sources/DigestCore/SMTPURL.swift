import Foundation

/// An SMTP server address as `digest send` takes it: `smtp://host[:port]` (STARTTLS) or
/// `smtps://host[:port]` (TLS from the start), never with credentials in it.
public enum SMTPURL {
    /// Why `url` cannot be used, or `nil` when it can.
    public static func problem(with url: String) -> String? {
        if url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) {
            return "contains a space, line break or control character"
        }
        if !url.unicodeScalars.allSatisfy(\.isASCII) {
            return "has letters outside ASCII; write the server's name in its xn-- form, such as smtp://xn--mil-ela.example.org:587"
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
        // libcurl refuses these only when it connects, reader after reader, and a mistake in
        // digest.yaml would not be reported at its line.
        // The host as written: Foundation's `host` decodes percent signs and xn-- names.
        let written = components.rangeOfHost.map { String(url[$0]) } ?? host
        if !isHostName(written) {
            return "names the server “\(written)”, which is not a host name or IP address; write smtp://host:port"
        }
        if let port = components.port, !(1...65535).contains(port) {
            return "names the port \(port); a port is from 1 to 65535, such as 587 for STARTTLS or 465 for smtps://"
        }
        return nil
    }

    /// Whether `host` (as written in the URL) is what libcurl takes: letters, digits,
    /// dashes, dots and underscores, or an IPv6 address's hex digits, colons and dots.
    static func isHostName(_ host: String) -> Bool {
        let ipv6 = host.hasPrefix("[") && host.hasSuffix("]") || host.contains(":")
        let inner = host.hasPrefix("[") && host.hasSuffix("]") ? host.dropFirst().dropLast() : Substring(host)
        return !inner.isEmpty
            && inner.unicodeScalars.allSatisfy { scalar in
                guard scalar.isASCII else { return false }
                if ipv6 { return scalar.properties.isASCIIHexDigit || scalar == ":" || scalar == "." }
                return scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-._".unicodeScalars.contains(scalar)
            }
    }
}
