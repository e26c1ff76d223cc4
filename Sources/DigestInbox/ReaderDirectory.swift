import DigestCore
import DigestMail
import Foundation

/// Finds the reader a report is about: by address, by the Message-ID digest gave their copy
/// (`<vol-2.6.HASH@LIST-ID>`, the hash of the reader's key), or by the `List-Unsubscribe`
/// header of their copy with a token that checks.
public struct ReaderDirectory: Sendable {
    private var keys: Set<String> = []
    private var byHash: [String: String] = [:]
    let listID: String
    let key: UnsubscribeKey?

    public init(list: SubscriberList, listID: String, key: UnsubscribeKey?) {
        self.listID = listID
        self.key = key
        for subscriber in list.subscribers {
            let readerKey = subscriber.key
            keys.insert(readerKey)
            byHash[String(FNV1a.hash(readerKey.utf8), radix: 16)] = readerKey
        }
    }

    /// The reader whose address is `address` (any letter case), if on the list.
    public func reader(address: String?) -> String? {
        guard let address, !address.isEmpty else { return nil }
        let readerKey = Subscriber.key(of: address)
        return keys.contains(readerKey) ? readerKey : nil
    }

    /// The reader and issue a Message-ID of digest's names: `<vol-2.6.1f3a…@list.id>`.
    public func reader(messageID: String?) -> (reader: String, issue: String)? {
        guard var id = messageID?.trimmingBlanks else { return nil }
        if id.hasPrefix("<") { id.removeFirst() }
        if id.hasSuffix(">") { id.removeLast() }
        guard let at = id.lastIndex(of: "@"), id[id.index(after: at)...].lowercased() == listID.lowercased() else { return nil }
        let local = id[..<at]
        guard let dot = local.lastIndex(of: ".") else { return nil }
        let hash = String(local[local.index(after: dot)...]).lowercased()
        guard let reader = byHash[hash] else { return nil }
        return (reader, String(local[..<dot]))
    }

    /// The reader named by a `List-Unsubscribe` header of digest's (`<mailto:…?subject=
    /// unsubscribe%20READER%20TOKEN>`), when the token checks against the secret.
    public func reader(listUnsubscribe: String?) -> String? {
        guard let listUnsubscribe, let range = listUnsubscribe.range(of: "subject=unsubscribe%20") else { return nil }
        let rest = listUnsubscribe[range.upperBound...].prefix { $0 != ">" && $0 != "&" && $0 != "," }
        let words = rest.components(separatedBy: "%20")
        guard words.count == 2 else { return nil }
        let reader = Subscriber.key(of: InboxClassifier.percentDecoded(words[0]))
        return accepts(words[1], for: reader) && keys.contains(reader) ? reader : nil
    }

    /// Whether `token` is `reader`'s (``UnsubscribeKey``); never without a secret.
    public func accepts(_ token: String?, for reader: String) -> Bool {
        guard let key, !key.isThrowaway, let token else { return false }
        return key.accepts(token, for: reader, list: listID)
    }
}
