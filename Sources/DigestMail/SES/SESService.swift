import CCurl
import Foundation

/// Where and as whom to reach Amazon SES: the region (part of every signature), the
/// endpoint (`https://email.REGION.amazonaws.com`, or `DIGEST_SES_ENDPOINT` for tests and
/// private endpoints; plain `http://` only on this machine) and the credentials.
public struct SESService: Sendable {
    public var region: String
    /// The endpoint's URL, without a trailing slash; request paths follow it.
    public var endpoint: String
    public var credentials: SESCredentials
    /// Seconds to wait for a connection, and for a whole request and its answer. SES answers
    /// in well under a second; one unanswered this long leaves its reader uncertain.
    public var connectTimeout: Int
    public var requestTimeout: Int

    public init(region: String, endpoint: String, credentials: SESCredentials, connectTimeout: Int = 10, requestTimeout: Int = 60) {
        self.region = region
        self.endpoint = endpoint
        self.credentials = credentials
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
    }

    /// The route as reports name it: `ses://eu-west-1`, with the endpoint when it is not AWS's own.
    public var displayName: String { Self.displayName(region: region, endpoint: endpoint) }

    public static func displayName(region: String, endpoint: String) -> String {
        endpoint == defaultEndpoint(region: region) ? "ses://\(region)" : "ses://\(region) at \(endpoint)"
    }

    public static func defaultEndpoint(region: String) -> String { "https://email.\(region).amazonaws.com" }

    /// The endpoint for `region`: `DIGEST_SES_ENDPOINT` when set, checked, else AWS's.
    public static func endpoint(region: String, environment: [String: String]) throws(DeliveryFailure) -> String {
        guard let given = environment["DIGEST_SES_ENDPOINT"], !given.isEmpty else { return defaultEndpoint(region: region) }
        if let problem = endpointProblem(given) { throw DeliveryFailure("DIGEST_SES_ENDPOINT \(problem)") }
        var endpoint = given
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        return endpoint
    }

    /// Why `text` cannot be an SES endpoint, as words to follow its name; `nil` when it can.
    static func endpointProblem(_ text: String) -> String? {
        if text.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value >= 0x7F }) {
            return "contains a space, a control character or a non-ASCII character"
        }
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else {
            return "must be an http(s) URL such as https://email.eu-west-1.amazonaws.com"
        }
        guard scheme == "https" || scheme == "http" else {
            return "must start with https:// (or http:// to this machine), not \(scheme)://"
        }
        if url.user != nil || url.password != nil {
            return "must not hold credentials; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY instead"
        }
        if url.query != nil || url.fragment != nil { return "must not have a query or fragment" }
        if let port = url.port, !(1...65535).contains(port) { return "names the port \(port); a port is from 1 to 65535" }
        if scheme == "http" && !LoopbackHost.contains(host) {
            return
                "uses plain http:// to \(host), which is not this machine; use https:// so the credentials' signatures and the readers' addresses travel encrypted"
        }
        return nil
    }

    /// The headers of every request: JSON, and the session token of temporary credentials
    /// (signed with the rest). No `Expect:` to switch off `100-continue`: libcurl 7.88 lists
    /// a header removed that way among the signed ones without sending it, and the
    /// signature fails; it asks for `100-continue` only above 1 MB of body anyway.
    func headers() -> UnsafeMutablePointer<curl_slist>? {
        var list = CCurl_slist_append(nil, "Content-Type: application/json")
        if let token = credentials.sessionToken { list = CCurl_slist_append(list, "X-Amz-Security-Token: \(token)") }
        return list
    }

    /// Sets `handle` up for requests to `path` (`/v2/email/outbound-emails`), signed with
    /// AWS Signature V4 by libcurl; the reason when libcurl refuses an option.
    func configure(_ handle: UnsafeMutableRawPointer, path: String, headers: UnsafeMutablePointer<curl_slist>?) -> String? {
        let codes: [CURLcode] = [
            CCurl_setopt_string(handle, CURLOPT_URL, endpoint + path),
            CCurl_setopt_string(handle, CURLOPT_AWS_SIGV4, "aws:amz:\(region):ses"),
            CCurl_setopt_string(handle, CURLOPT_USERNAME, credentials.accessKey),
            CCurl_setopt_string(handle, CURLOPT_PASSWORD, credentials.secretKey),
            CCurl_setopt_slist(handle, CURLOPT_HTTPHEADER, headers),
            CCurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT, connectTimeout),
            CCurl_setopt_long(handle, CURLOPT_TIMEOUT, requestTimeout),
            CCurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1),
            // Only https:// (and http:// to loopback, checked above) is ever followed; no redirects.
            CCurl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0),
        ]
        if let bad = codes.first(where: { $0 != CURLE_OK }) {
            return "libcurl refused an option: \(String(cString: CCurl_easy_strerror(bad)))"
        }
        return nil
    }
}
