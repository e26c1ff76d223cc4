/// A mailbox the intake reads: a local Maildir, or an IMAP mailbox.
public protocol InboxSource {
    /// What names the mailbox in the intake's state: message ids are only meaningful within it.
    var stateName: String { get }
    /// The messages there now, oldest first, by an id stable while they stay there.
    func messageIDs() throws(InboxError) -> [String]
    /// The first `limit` bytes of a message.
    func read(_ id: String, limit: Int) throws(InboxError) -> [UInt8]
    /// Moves the messages to the folder for messages acted on; never deletes one.
    func moveToDone(_ ids: [String]) throws(InboxError)
    /// Where a message is, for the editor to find it.
    func describe(_ id: String) -> String
    /// The messages that reading would mark seen (an IMAP fetch sets `\Seen`), as listed
    /// by ``messageIDs()``; none for a Maildir.
    func unseen() -> Set<String>
    /// Marks the messages unseen again, once the run is done with them.
    func markUnseen(_ ids: [String]) throws(InboxError)
}

extension InboxSource {
    public func unseen() -> Set<String> { [] }
    public func markUnseen(_ ids: [String]) throws(InboxError) {}
}
