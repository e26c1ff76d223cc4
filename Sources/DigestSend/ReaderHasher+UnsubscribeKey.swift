import DigestJournal
import DigestMail

extension ReaderHasher {
    /// The hasher of `issueKey`'s sent summary, keyed by the unsubscribe secret: DigestJournal
    /// knows no secret of its own, nor the unsubscribe links it also keys.
    init(key: UnsubscribeKey, issueKey: String) {
        self.init(issueKey: issueKey, deriveKey: key.derivedKey)
    }
}
