/// Whether a URL's host is this machine, for the routes that let a loopback server go
/// without TLS (SMTP, IMAP, an SES endpoint over http://).
public enum LoopbackHost {
    /// Whether `host` (as `URLComponents` gives it) is `localhost`, `::1` or 127.0.0.0/8
    /// written plainly: four decimal numbers, the first 127, none with a leading zero.
    ///
    /// The address must be one the resolver reads as we do. `127.0.0.09` or `127.+0.+0.+1`
    /// is no IPv4 address to libcurl or the C library: it goes to DNS (and the search domains),
    /// which may answer with any machine, and a password would go to it in the clear.
    public static func contains(_ host: String) -> Bool {
        let host = host.lowercased()
        if host == "localhost" || host == "::1" || host == "[::1]" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy(isPlainOctet)
    }

    /// `0` to `255` in decimal digits only, without a sign or a leading zero (which the C
    /// library would read as octal).
    static func isPlainOctet(_ part: Substring) -> Bool {
        guard let first = part.first, part.count <= 3, part.allSatisfy({ ("0"..."9").contains($0) }) else { return false }
        return (first != "0" || part.count == 1) && Int(part)! <= 255
    }
}
