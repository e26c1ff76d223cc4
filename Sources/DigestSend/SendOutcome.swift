/// How a send ended: the report for stdout, notes for stderr after it, and the failure
/// that stopped it, if one did.
public struct SendOutcome: Sendable {
    public var report: SendReport
    /// Lines for stderr after the report: a summary that could not be written, placeholder
    /// unsubscribe links.
    public var notes: [String]
    /// A failure that would have hit every reader, so the send stopped; nobody was marked for it.
    public var failure: SendFailure?
}
