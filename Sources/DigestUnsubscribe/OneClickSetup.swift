import DigestCore
import DigestMail
import Foundation

/// What `digest unsubscribe-server` needs before it listens: the key the links were signed
/// with, from the environment, and the desk over the repository's request log and list.
public struct OneClickSetup: Sendable {
    /// Why the server cannot start, and what to do.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public let key: UnsubscribeKey
    public let desk: OneClickDesk

    /// Reads the key, opens the request log under `.digest/unsubscribe` (one server per
    /// repository) and notes a setting that leaves the server unused.
    public init(
        root: URL, settings: Settings, environment: [String: String], today: @escaping @Sendable () -> IssueDate,
        displayPath: (URL) -> String, note: (String) -> Void
    ) throws(Failure) {
        guard let secret = environment[UnsubscribeKey.environmentVariable], !secret.isEmpty else {
            throw Failure(
                description: "\(UnsubscribeKey.environmentVariable) is not set: it must be the secret digest send signed the links with")
        }
        do { key = try UnsubscribeKey(secret: secret) } catch { throw Failure(description: error.description) }
        if settings.list.unsubscribeURL == nil {
            note("note: list.unsubscribe-url is not set in digest.yaml, so no message links here; set it to the proxy's https URL")
        }
        let listURL = root.appendingPathComponent("Subscribers/subscribers.csv")
        do {
            let log = try OneClickLog(folder: root.appendingPathComponent(".digest/unsubscribe"))
            desk = OneClickDesk(log: log, listURL: listURL, listPath: displayPath(listURL), today: today)
        } catch {
            throw Failure(description: error.description)
        }
    }
}
