/// The address as one mailbox is known by: the whole address in lowercase. RFC 5321 lets a
/// server tell `Editor@` from `editor@`, but no large provider does, and two rows for one
/// mailbox would mail one reader twice. (Addresses are ASCII: the address check refuses
/// others.) The subscriber list keys its rows by it, and the send journal reads its reader
/// field as it, so that a journal written when keys kept the local part's letter case still
/// matches.
package enum MailboxKey {
    @inlinable
    package static func of(_ address: String) -> String {
        let upper = UInt8(ascii: "A")...UInt8(ascii: "Z")
        guard address.utf8.contains(where: upper.contains) else { return address }
        return String(decoding: address.utf8.map { upper.contains($0) ? $0 + 32 : $0 }, as: UTF8.self)
    }
}
