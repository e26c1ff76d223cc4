/// A `Content-Type` value: `multipart/report; report-type=delivery-status; boundary="x"`.
public struct ContentType: Sendable, Equatable {
    /// `multipart/report`, lowercased; `text/plain` when the field is missing (RFC 2045).
    public var mimeType: String
    /// Parameters by lowercased name, values unquoted.
    public var parameters: [String: String]

    public init(_ value: String?) {
        guard let value else {
            mimeType = "text/plain"
            parameters = [:]
            return
        }
        var parts = Self.split(value)
        let type = parts.isEmpty ? "" : parts.removeFirst().trimmingBlanks.lowercased()
        mimeType = type.contains("/") ? type : "text/plain"
        var parameters: [String: String] = [:]
        for part in parts.prefix(50) {
            guard let equals = part.firstIndex(of: "=") else { continue }
            let name = String(part[..<equals]).trimmingBlanks.lowercased()
            var value = String(part[part.index(after: equals)...]).trimmingBlanks
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
            }
            if parameters[name] == nil { parameters[name] = value }
        }
        self.parameters = parameters
    }

    /// `value` split at semicolons outside quotes.
    private static func split(_ value: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for character in value {
            if escaped {
                escaped = false
            } else if character == "\\" && quoted {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
            } else if character == ";" && !quoted {
                parts.append(current)
                current = ""
                continue
            }
            current.append(character)
        }
        parts.append(current)
        return parts
    }
}
