import DigestMail

/// Why the intake stopped, with the file or setting to look at.
public enum InboxError: Error, Sendable, CustomStringConvertible {
    case io(path: String, reason: String)
    case source(String)
    case list(SubscriberError)

    public var description: String {
        switch self {
        case .io(let path, let reason): "\(path): \(reason)"
        case .source(let message): message
        case .list(let error): error.description
        }
    }
}
