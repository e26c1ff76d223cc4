/// Why DKIM signing cannot start or a message cannot be signed, said so that the editor
/// knows what to change. Raised before anything is sent.
public enum DKIMError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The key file, the settings or the environment are not usable; the text says why and what to do.
    case unusableKey(String)
    /// The settings and the environment disagree (a key without a selector or the reverse).
    case configuration(String)
    /// swift-crypto refused to sign.
    case signingFailed(String)
    /// `digest dkim keygen` could not write the key.
    case cannotWrite(String)

    public var description: String {
        switch self {
        case .unusableKey(let text), .configuration(let text), .cannotWrite(let text): text
        case .signingFailed(let text): "a message could not be DKIM-signed: \(text)"
        }
    }
}
