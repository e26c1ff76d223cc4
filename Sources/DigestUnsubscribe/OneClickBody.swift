/// Whether a POST body is RFC 8058's `List-Unsubscribe=One-Click`, sent as
/// `application/x-www-form-urlencoded` (what mail providers and the confirm page send) or
/// as `multipart/form-data` (which the RFC allows too).
public enum OneClickBody {
    public static func isOneClick(_ body: [UInt8], contentType: String?) -> Bool {
        let type = (contentType ?? "").lowercased()
        if type.hasPrefix("multipart/form-data") {
            let text = String(decoding: body, as: UTF8.self)
            return text.contains("name=\"List-Unsubscribe\"") && text.contains("\r\n\r\nOne-Click\r\n")
        }
        let text = String(decoding: body, as: UTF8.self)
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { continue }
            if decoded(parts[0]) == "List-Unsubscribe", decoded(parts[1]).trimmingSpaces == "One-Click" { return true }
        }
        return false
    }

    /// A form field: `+` is a space, `%XX` a byte.
    static func decoded(_ field: Substring) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(field.utf8).makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(0x20)
            case UInt8(ascii: "%"):
                guard let high = iterator.next(), let low = iterator.next(),
                    let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
                else { return "" }
                bytes.append(value)
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension String {
    fileprivate var trimmingSpaces: Substring {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { $0 != " " && $0 != "\r" && $0 != "\n" }) else { return "" }
        let end = scalars.lastIndex(where: { $0 != " " && $0 != "\r" && $0 != "\n" })!
        return Substring(scalars[start...end])
    }
}
