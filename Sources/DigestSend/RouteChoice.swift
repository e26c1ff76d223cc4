import DigestCore
import DigestMail
import Foundation

/// Which route a send takes. The command line wins over the environment, which wins over
/// `digest.yaml`: `--via` (or its older form `--smtp`), then `DIGEST_SEND_VIA` (or
/// `DIGEST_SMTP_URL`), then `send.via` (or `send.smtp`); with none, the outbox
/// (`folders.outbox`). Two names for a route at one level are refused, not ranked: which
/// one the editor meant is not ours to guess.
public enum RouteChoice {
    /// The route's URL and where it was found (`--via`, `DIGEST_SMTP_URL`, `send.via`), for messages.
    public struct Named: Equatable, Sendable {
        public var url: String
        public var source: String
    }

    /// The route named at the highest level, or `nil` for the outbox.
    public static func named(via: String?, smtp: String?, environment: [String: String], settings: Settings) throws(SendFailure) -> Named? {
        func set(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let levels: [[(String?, String)]] = [
            [(via, "--via"), (smtp, "--smtp")],
            [(set("DIGEST_SEND_VIA"), "DIGEST_SEND_VIA"), (set("DIGEST_SMTP_URL"), "DIGEST_SMTP_URL")],
            [(settings.delivery.via, "send.via"), (settings.delivery.smtp, "send.smtp")],
        ]
        for level in levels {
            let given = level.compactMap { url, source in url.map { Named(url: $0, source: source) } }
            if given.count > 1 {
                throw .usage("\(given[0].source) and \(given[1].source) both name a route; give one (\(given[0].source) takes every route)")
            }
            if let named = given.first { return named }
        }
        return nil
    }

    /// The route to send through.
    /// - Parameters:
    ///   - allowPlaintext: lets an SMTP route off this machine go without TLS.
    ///   - root: the repository's folder, which a relative `maildir:PATH` starts from.
    public static func choose(
        via: String? = nil, smtp: String?, allowPlaintext: Bool, environment: [String: String], settings: Settings, root: URL,
        displayPath: (URL) -> String
    ) throws(SendFailure) -> any SendRoute {
        guard let named = try named(via: via, smtp: smtp, environment: environment, settings: settings) else {
            return outbox(settings.folders.outbox, root: root, displayPath: displayPath)
        }
        // The older names take SMTP URLs only, and say so as they always did.
        let problem = named.source.contains("smtp") ? SMTPURL.problem(with: named.url) : RouteURL.problem(with: named.url)
        if let problem { throw .usage("\(named.source) \(problem)") }
        switch RouteURL(named.url) {
        case .smtp(let url):
            if let problem = LoginEnvironment.problem(user: "DIGEST_SMTP_USER", password: "DIGEST_SMTP_PASSWORD", in: environment) {
                throw .usage(problem)
            }
            return SMTPRoute(server: SMTPEndpoint(url: url, allowPlaintext: allowPlaintext, environment: environment))
        case .maildir(let path):
            return outbox(path, root: root, displayPath: displayPath)
        case .ses(let region):
            return try SESRoute(region: region, environment: environment)
        case nil:
            throw .usage("\(named.source) must name a route: \(RouteURL.known)")
        }
    }

    static func outbox(_ path: String, root: URL, displayPath: (URL) -> String) -> OutboxRoute {
        let folder = path.hasPrefix("/") ? URL(fileURLWithPath: path) : root.appendingPathComponent(path)
        return OutboxRoute(folder: folder.standardizedFileURL, shownFolder: displayPath(folder.standardizedFileURL))
    }
}
