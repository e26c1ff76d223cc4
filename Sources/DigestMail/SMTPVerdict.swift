import CCurl

/// What one SMTP attempt means for its message and for the send, from libcurl's result,
/// the server's last reply and whether the whole message had been handed over.
enum SMTPVerdict: Equatable {
    /// The server took the message.
    case accepted(reply: String)
    /// Refused for good, for this reader (a reader-level reply: see ``SMTPReplyClassifier``).
    case refused(reply: String)
    /// Certainly not delivered, and worth another try: a temporary reply about this reader.
    case retry(reason: String)
    /// Certainly not delivered, because the server could not be reached or talked to
    /// (no connection, 421, silence before the message): another try, and if every try
    /// fails, the server is down for everyone.
    case serverTrouble(reason: String)
    /// The whole message had been handed over when the connection failed.
    case uncertain(reason: String)
    /// A failure every message would meet: a refused login, TLS, a bad address for the
    /// server, a reply refusing the sender or the message.
    case fatal(reason: String)

    /// - Parameters:
    ///   - result: libcurl's code for the transfer.
    ///   - code: the server's last reply code (0 when it said nothing).
    ///   - reply: the server's last reply line.
    ///   - handedOver: whether libcurl had read the whole message (and so sent, or was
    ///     about to send, the final dot that commits it).
    ///   - stage: where in the conversation the reply came.
    static func judge(
        result: CURLcode, code: Int, reply: String, handedOver: Bool, stage: SMTPStage = .unknown, server: String
    ) -> SMTPVerdict {
        let said = reply.isEmpty ? "\(code)" : reply
        // libcurl's words for a failure, made only when one needs them (not for every acceptance).
        var curlMessage: String { String(cString: CCurl_easy_strerror(result)) }
        switch result {
        case CURLE_OK:
            return .accepted(reply: said)
        case CURLE_LOGIN_DENIED, CURLE_AUTH_ERROR:
            return .fatal(
                reason:
                    "\(server) refused the login (\(said)); check DIGEST_SMTP_USER and DIGEST_SMTP_PASSWORD, or the netrc entry")
        case CURLE_USE_SSL_FAILED:
            return .fatal(
                reason:
                    "\(server) does not offer STARTTLS, and digest will not send a password or a reader's address in the clear; use smtps:// or a server with TLS (--allow-plaintext only on a network you trust)"
            )
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM,
            CURLE_SSL_CIPHER, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH:
            return .fatal(reason: "the TLS connection to \(server) failed: \(curlMessage); check the server's certificate")
        case CURLE_READ_ERROR where !handedOver:
            // The message is read from memory and never fails; what libcurl could not read
            // before it is the netrc file (".netrc parser error"), the same for every reader.
            return .fatal(
                reason:
                    "the login for \(server) could not be read from the netrc file (\(curlMessage)); mend the file NETRC (or ~/.netrc) names, or set DIGEST_SMTP_USER and DIGEST_SMTP_PASSWORD"
            )
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL, CURLE_COULDNT_RESOLVE_HOST:
            return .fatal(reason: "\(server): \(curlMessage); check the server's address")
        default:
            break
        }
        if (400...599).contains(code) {
            let parsed = SMTPReply(line: reply) ?? SMTPReply(code: code, text: said)
            switch SMTPReplyClassifier.meaning(of: parsed, at: stage) {
            case .accepted, .readerDeferred:
                return .retry(reason: said)
            case .readerRefused:
                return .refused(reply: said)
            case .serverBusy:
                return .serverTrouble(reason: said)
            case .senderRefused:
                return .fatal(
                    reason:
                        "\(server) refuses the sender, not the reader (\(stage.replyName): \(said)); every reader would meet it: check the login (DIGEST_SMTP_USER and DIGEST_SMTP_PASSWORD), sender.address in digest.yaml, and that the server relays for it"
                )
            case .messageRefused:
                return .fatal(
                    reason:
                        "\(server) refuses the message itself (\(stage.replyName): \(said)); every reader gets the same message: make it smaller or change what the server objects to"
                )
            }
        }
        if handedOver {
            return .uncertain(
                reason: "the connection failed after the whole message was sent (\(curlMessage)); the server may have taken it")
        }
        return .serverTrouble(reason: code > 0 ? "\(curlMessage) (last reply \(said))" : curlMessage)
    }
}
