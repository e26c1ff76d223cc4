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
    /// Called once the run is done with the mailbox, `moved` being the ids moved: an IMAP
    /// mailbox takes `\Seen` off again from the unseen messages it only read.
    func finish(moved: Set<String>) throws(InboxError)
}

extension InboxSource {
    public func finish(moved: Set<String>) throws(InboxError) {}
}
