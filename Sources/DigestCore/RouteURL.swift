/// A send's route as `--via`, `DIGEST_SEND_VIA` and `send.via` name it: `smtp://host:port`
/// (STARTTLS), `smtps://host:port` (TLS from the start), `ses://REGION` (Amazon SES's HTTPS
/// API) or `maildir:PATH` (the outbox, a relative PATH from the repository's folder). Checked here, where the settings file is
/// read, so a mistyped route in `digest.yaml` is reported at its line.
public enum RouteURL: Equatable, Sendable {
    /// An SMTP server's URL, as written (``SMTPURL`` has checked it).
    case smtp(String)
    /// A Maildir folder, as written: relative to the repository's folder unless it starts with `/`.
    case maildir(String)
    /// Amazon SES in an AWS region (`eu-west-1`), lowercased: the region is part of what is signed.
    case ses(region: String)

    /// The routes there are, for messages that name them.
    public static let known = "smtp://host:port, smtps://host:port, ses://REGION or maildir:PATH"

    /// Reads `text`; `problem(with:)` says why it cannot be read.
    public init?(_ text: String) {
        guard Self.problem(with: text) == nil, let colon = text.firstIndex(of: ":") else { return nil }
        switch text[..<colon].lowercased() {
        case "smtp", "smtps": self = .smtp(text)
        case "maildir": self = .maildir(String(text[text.index(after: colon)...]))
        case "ses": self = .ses(region: text.dropFirst("ses://".count).lowercased())
        default: return nil
        }
    }

    /// Why `text` names no route, as words to follow the place it came from
    /// (`--via must …`); `nil` when it names one.
    public static func problem(with text: String) -> String? {
        guard let colon = text.firstIndex(of: ":"), let first = text.unicodeScalars.first, first.properties.isAlphabetic,
            first.isASCII,
            text[..<colon].unicodeScalars.allSatisfy({
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "+" || $0 == "-" || $0 == ".")
            })
        else {
            return "must name a route: \(known), such as smtp://mail.example.org:587 or maildir:Outbox"
        }
        let scheme = text[..<colon].lowercased()
        let rest = text[text.index(after: colon)...]
        switch scheme {
        case "smtp", "smtps":
            return SMTPURL.problem(with: text)
        case "maildir":
            // C1 controls too: U+009B is a terminal's escape (CSI) when the path is echoed.
            if rest.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
                return "contains a line break or control character"
            }
            if rest.isEmpty { return "names no folder: write maildir:PATH, such as maildir:Outbox" }
            if rest.hasPrefix("~") {
                return "starts with ~, which digest does not expand: write the folder from / (maildir:/home/editor/Mail)"
            }
            if rest.hasPrefix("//") {
                return "is written maildir:PATH, without //: maildir:Outbox, or maildir:/var/mail/digest for a folder from /"
            }
            return nil
        case "ses":
            guard rest.hasPrefix("//") else { return "is written ses://REGION, such as ses://eu-west-1" }
            let region = rest.dropFirst(2)
            if region.isEmpty { return "names no AWS region: write ses://REGION, such as ses://eu-west-1" }
            // ses://KEY:SECRET@REGION: the message below would repeat the secret.
            if region.contains("@") {
                return
                    "must not hold credentials: write ses://REGION and set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or use ~/.aws/credentials)"
            }
            // The region goes into the endpoint's host name and into what is signed.
            guard
                region.unicodeScalars.allSatisfy({
                    $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-")
                }), region.first != "-", region.last != "-"
            else {
                let shown = region.unicodeScalars.allSatisfy { (0x21..<0x7F).contains($0.value) } ? "“\(region)”" : "a region"
                return
                    "names \(shown), which is not an AWS region: a region is letters, digits and dashes, such as ses://eu-west-1 (the endpoint comes from DIGEST_SES_ENDPOINT, not the URL)"
            }
            // A slip such as eu-west or euwest1 would otherwise surface only as a host that
            // cannot be found, after the list was read and the send begun.
            guard Self.isRegionShaped(region) else {
                return
                    "names “\(region)”, which is not shaped like an AWS region: two letters, the place and a number, such as ses://eu-west-1 or ses://us-gov-west-1"
            }
            return nil
        default:
            return "names the route “\(scheme)”, which digest does not have; routes are \(known)"
        }
    }

    /// Whether `region` (ASCII letters, digits and dashes) is shaped like every AWS region's
    /// name: two letters, one or more words, a number (`eu-west-1`, `us-gov-west-1`).
    static func isRegionShaped(_ region: Substring) -> Bool {
        let parts = region.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, let area = parts.first, let number = parts.last else { return false }
        let isWord = { (part: Substring) in !part.isEmpty && part.unicodeScalars.allSatisfy { $0.properties.isAlphabetic } }
        return area.count == 2 && isWord(area) && parts.dropFirst().dropLast().allSatisfy(isWord)
            && !number.isEmpty && number.unicodeScalars.allSatisfy { ("0"..."9").contains($0) }
    }
}
