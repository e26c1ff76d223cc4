import DigestCore
import DigestMail
import Foundation

/// Which route a send takes, from the command line, the environment and `digest.yaml`, in
/// that order: `--smtp`, `DIGEST_SMTP_URL`, `send.smtp`; the outbox
/// (`folders.outbox`) when none names one.
public enum RouteChoice {
    public static func choose(
        smtp: String?, allowPlaintext: Bool, environment: [String: String], settings: Settings, root: URL,
        displayPath: (URL) -> String
    ) throws(SendFailure) -> any SendRoute {
        let fromEnvironment = environment["DIGEST_SMTP_URL"].flatMap { $0.isEmpty ? nil : $0 }
        guard let url = smtp ?? fromEnvironment ?? settings.delivery.smtp else {
            let folder = root.appendingPathComponent(settings.folders.outbox)
            return OutboxRoute(folder: folder, shownFolder: displayPath(folder))
        }
        if let problem = SMTPURL.problem(with: url) {
            throw .usage("\(smtp != nil ? "--smtp" : fromEnvironment != nil ? "DIGEST_SMTP_URL" : "send.smtp") \(problem)")
        }
        return SMTPRoute(server: SMTPServer(url: url, allowPlaintext: allowPlaintext, environment: environment))
    }
}
