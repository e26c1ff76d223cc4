import DigestMail
import Foundation

/// Amazon SES's HTTPS API (`ses://REGION`), through libcurl: each reader's own MIME message
/// sent raw and signed with AWS Signature V4. Credentials come from the environment or the
/// shared AWS credentials file, found when the send starts (never for `--status` or a dry
/// run); the endpoint from `DIGEST_SES_ENDPOINT` when set. It shares the mail-server routes'
/// journal in `.digest/journal/` and summary in `Subscribers/sent/`: a send started over
/// SMTP can be finished over SES, and the reverse, without mailing anyone twice.
public struct SESRoute: SendRoute {
    public let region: String
    public let endpoint: String
    let environment: [String: String]

    /// - Throws: ``SendFailure`` when `DIGEST_SES_ENDPOINT` cannot be used.
    public init(region: String, environment: [String: String]) throws(SendFailure) {
        self.region = region
        self.environment = environment
        do {
            endpoint = try SESService.endpoint(region: region, environment: environment)
        } catch {
            throw .usage(error.message)
        }
    }

    public var destination: String { SESService.displayName(region: region, endpoint: endpoint) }
    public var mailsReaders: Bool { true }
    public var outbox: URL? { nil }

    /// SES gives every message a Message-ID of its own (the `MessageId` it answers with)
    /// and may set its Date: a signature over either fails at every reader's provider.
    /// AWS's guide to signing by hand says to sign neither.
    public var headersLeftUnsigned: Set<String> { ["Message-ID", "Date"] }

    public func transport(sender: String, connections: Int, rate: Double?) throws -> any Transport {
        let credentials: SESCredentials
        do {
            credentials = try SESCredentials(environment: environment)
        } catch {
            throw SendFailure.usage(error.message)
        }
        let transport = SESTransport(
            service: SESService(region: region, endpoint: endpoint, credentials: credentials), sender: sender, connections: connections,
            rate: rate)
        try SESTransport.load()
        // GetAccount goes out now: its answer is waited for once the send has checked the
        // issue and the list, and needs it (IssueSend's prepare).
        transport.readQuotaAhead()
        return transport
    }
}
