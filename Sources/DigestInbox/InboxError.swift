import DigestMail

/// Why the intake stopped, with the file or setting to look at.
public enum InboxError: Error, Sendable, CustomStringConvertible {
    case io(path: String, reason: String)
    /// One message that cannot be read (gone, not a plain file, not readable): it is left
    /// for the editor and the run goes on.
    case unreadable(path: String, reason: String)
    case source(String)
    case list(SubscriberError)

    public var description: String {
        switch self {
        case .io(let path, let reason), .unreadable(let path, let reason): "\(path): \(reason)"
        case .source(let message): message
        case .list(let error): error.description
        }
    }
}
