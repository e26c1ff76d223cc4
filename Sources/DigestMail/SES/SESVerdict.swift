import CCurl

/// What one SendEmail request means for its message and for the send, from libcurl's
/// result, SES's answer, and whether the request's whole body had gone out.
enum SESVerdict: Equatable {
    /// SES took the message: the reply names its MessageId.
    case accepted(reply: String)
    /// SES refused this reader's address for good.
    case refused(reply: String)
    /// Certainly not sent, and worth another try (throttling, a server error, no connection),
    /// after at least `after` seconds when the server said so.
    case retry(reason: String, after: Double?)
    /// The whole request had gone out when its answer was lost: SES may have sent it, and
    /// with no idempotency key in its API, sending it again could mail the reader twice.
    /// `stops`: every later message would meet the same, so the send stops.
    case uncertain(reason: String, stops: Bool = false)
    /// A failure every message would meet: the sender refused, the account paused, the
    /// credentials or the signature refused, TLS.
    case fatal(reason: String)

    /// Error types that mean "slow down".
    static let throttling: Set<String> = [
        "TooManyRequestsException", "ThrottlingException", "Throttling", "LimitExceededException", "SlowDown",
        "RequestLimitExceeded",
    ]

    /// Error types that refuse the sender, the account or the credentials: every reader would meet them.
    static let refusingEveryone: Set<String> = [
        "MailFromDomainNotVerifiedException", "AccountSuspendedException", "SendingPausedException", "AccessDeniedException",
        "AccessDenied", "SignatureDoesNotMatch", "InvalidSignatureException", "IncompleteSignature", "IncompleteSignatureException",
        "InvalidClientTokenId", "UnrecognizedClientException", "ExpiredToken", "ExpiredTokenException", "MissingAuthenticationToken",
        "MissingAuthenticationTokenException", "NotFoundException", "ConfigurationSetDoesNotExist",
    ]

    /// - Parameters:
    ///   - result: libcurl's code for the transfer.
    ///   - reply: SES's answer; status 0 when none came.
    ///   - bodySent: whether the request's whole body had been handed to the connection.
    ///   - resent: whether libcurl was about to send the request again on a new connection
    ///     (it does so by itself when a reused connection closes without an answer).
    ///   - sender, recipient: to tell a refusal of the sender from one of the reader.
    static func judge(
        result: CURLcode, reply: SESReply, bodySent: Bool, resent: Bool, sender: String, recipient: String, service: String
    ) -> SESVerdict {
        // An answer's status decides, even when its body was cut short.
        if reply.status >= 200 && reply.status < 300 {
            if let messageID = reply.messageID { return .accepted(reply: "SES MessageId \(messageID)") }
            guard result == CURLE_OK else { return .accepted(reply: "\(reply.text) (its body, with the MessageId, cut short)") }
            // SES names every message it takes. A whole 200 without a MessageId is not its
            // answer (a proxy, a captive portal, a DIGEST_SES_ENDPOINT that is not SES): the
            // message may or may not have gone, and every next one would meet the same.
            return .uncertain(
                reason:
                    "\(service) answered \(reply.text) without the MessageId SES gives every message it takes: it may not be Amazon SES (check DIGEST_SES_ENDPOINT)",
                stops: true)
        }
        // No answer, or only an interim one (`100 Continue` before the body): the body may
        // have gone out all the same.
        guard reply.status >= 200 else {
            return judgeSilence(result: result, bodySent: bodySent, resent: resent, service: service)
        }
        let type = reply.errorType ?? ""
        let said = reply.text
        let words = (reply.message ?? "").lowercased()
        // SES says LimitExceeded both for the rate and for the 24 hours' quota used up, which
        // no wait within a send mends and every next message would meet.
        if throttling.contains(type), words.contains("daily") || words.contains("24 hour") {
            return .fatal(reason: "\(service)'s quota for 24 hours is used up: \(said); send the rest when it allows (digest send again)")
        }
        if reply.status == 429 || throttling.contains(type) {
            return .retry(reason: "\(service) is throttling: \(said)", after: reply.retryAfter)
        }
        if reply.status >= 500 { return .retry(reason: "\(service) failed: \(said)", after: reply.retryAfter) }
        let namesReader = words.contains(recipient.lowercased())
        let namesSender = words.contains(sender.lowercased()) || words.contains("from email") || words.contains("send from")
        if type == "MessageRejected" {
            // "Email address is not verified. The following identities failed the check…"
            // refuses the sender, or in the sandbox every unverified reader: either way, not
            // this reader's own fault, so the send stops rather than mark the list failed.
            let unverified = ["not verified", "verify", "authority", "sandbox"].contains { words.contains($0) }
            if namesReader && !namesSender && !unverified { return .refused(reply: said) }
            return .fatal(reason: "\(service) refuses the message or the sender: \(said)")
        }
        if refusingEveryone.contains(type) || reply.status == 401 || reply.status == 403 {
            return .fatal(reason: "\(service) refuses the sender or the credentials: \(said)")
        }
        if type == "BadRequestException" || type == "InvalidParameterValue" || type == "ValidationException" || reply.status == 400 {
            let aboutReader =
                namesReader
                || ["destination", "toaddresses", "recipient", "email address", "illegal address", "domain"].contains { words.contains($0) }
            if aboutReader && !namesSender { return .refused(reply: said) }
        }
        // Anything else is not known to be this reader's alone: stopping marks nobody.
        return .fatal(reason: "\(service) answered \(said)")
    }

    /// A transfer with no HTTP answer.
    static func judgeSilence(result: CURLcode, bodySent: Bool, resent: Bool, service: String) -> SESVerdict {
        var curlMessage: String { String(cString: CCurl_easy_strerror(result)) }
        if resent {
            return .uncertain(
                reason: "the connection to \(service) closed after the request went out, with no answer; SES may have sent it")
        }
        switch result {
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM, CURLE_SSL_ISSUER_ERROR,
            CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT, CURLE_LOGIN_DENIED, CURLE_AUTH_ERROR:
            return .fatal(reason: "cannot talk to \(service): \(curlMessage)")
        default:
            break
        }
        if bodySent {
            return .uncertain(reason: "the request had gone out to \(service) when \(curlMessage.lowercased()); SES may have sent it")
        }
        return .retry(reason: "not sent: \(service): \(curlMessage)", after: nil)
    }
}
