/// A spelling with one character taken out, and where: two spellings one character apart
/// share a key, so near-identical names are found by look-up instead of by comparing every
/// pair.
///
/// Replacing the character at `position` leaves the same key at that position; inserting
/// one makes a spelling whose key at that position is the shorter spelling itself (its key
/// at position -1). Case is kept, as the comparison keeps it: a thousand spellings of one
/// word in different capitals share few keys.
struct EditKey: Hashable, Sendable {
    var form: String
    /// The character's position, or -1 for the spelling itself.
    var position: Int

    /// The spelling itself, then its form without each character.
    static func keys(of spelling: String) -> [EditKey] {
        var keys = [EditKey(form: spelling, position: -1)]
        if spelling.isASCIIOnly {
            let bytes = Array(spelling.utf8)
            keys.reserveCapacity(bytes.count + 1)
            for index in bytes.indices {
                var shorter = bytes
                shorter.remove(at: index)
                keys.append(EditKey(form: String(decoding: shorter, as: UTF8.self), position: index))
            }
            return keys
        }
        let characters = Array(spelling)
        for index in characters.indices {
            var shorter = characters
            shorter.remove(at: index)
            keys.append(EditKey(form: String(shorter), position: index))
        }
        return keys
    }

    /// The keys under which a spelling's partners one edit away are listed, given its own
    /// `keys` and its length in characters: the same keys (one character replaced), the
    /// spelling without a character (one deleted: that shorter spelling's own key), and the
    /// spelling with one more at each place (its own form at each position).
    static func partners(of keys: [EditKey], length: Int) -> [EditKey] {
        guard let own = keys.first else { return [] }
        var partners = keys.dropFirst().map { $0 }
        partners += keys.dropFirst().map { EditKey(form: $0.form, position: -1) }
        partners += (0...length).map { EditKey(form: own.form, position: $0) }
        return partners
    }
}
