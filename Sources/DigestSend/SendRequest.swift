import Foundation

/// What the editor asked of a send: `digest send`'s options, checked.
public struct SendRequest: Sendable {
    /// The issue file, as the editor wrote it (reports and hints repeat it).
    public var path: String
    /// Addresses for test copies (`--to`); the journal is left alone when there are any.
    public var testAddresses: [String] = []
    /// The subscriber list (`--subscribers`); `nil` for `Subscribers/subscribers.csv`.
    public var subscribers: URL?
    public var dryRun = false
    /// Parallel connections and messages per second; `nil` for the settings'.
    public var connections: Int?
    public var rate: Double?
    /// Send without asking (`--yes`).
    public var yes = false
    public var resendUncertain = false
    public var retryRefused = false
    public var acceptChangedIssue = false

    public init(path: String) {
        self.path = path
    }

    /// Whether the send is of test copies, not to the subscribers.
    public var testing: Bool { !testAddresses.isEmpty }
}
