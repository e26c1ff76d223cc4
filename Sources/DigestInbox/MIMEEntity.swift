import Foundation

/// One MIME entity: a whole message or one part of a multipart body. Made from bytes that
/// may be anything (a truncated report, a boundary that never closes, a million parts):
/// parsing is linear in the bytes, nests at most ``depthLimit`` deep and keeps at most
/// ``partLimit`` parts of a multipart, so no message can make it crash or hang.
public struct MIMEEntity: Sendable {
    public let header: HeaderBlock
    /// The body as it stands in the message, before any transfer encoding is undone.
    public let rawBody: ArraySlice<UInt8>
    /// How deep in multiparts this entity sits (0 for the message).
    let depth: Int

    static let depthLimit = 8
    static let partLimit = 64

    public init(bytes: ArraySlice<UInt8>, depth: Int = 0) {
        let (header, rest) = HeaderBlock.parse(bytes)
        self.header = header
        rawBody = bytes[rest...]
        self.depth = depth
    }

    public init(bytes: [UInt8]) {
        self.init(bytes: bytes[...])
    }

    public var contentType: ContentType { ContentType(header.first("content-type")) }

    /// The body with its transfer encoding (base64, quoted-printable) undone.
    public var body: ArraySlice<UInt8> {
        switch header.first("content-transfer-encoding")?.lowercased().trimmingBlanks {
        case "base64"?: TransferDecoding.base64(rawBody)[...]
        case "quoted-printable"?: TransferDecoding.quotedPrintable(rawBody)[...]
        default: rawBody
        }
    }

    /// The parts of a multipart body (empty for any other, and past ``depthLimit``).
    public var parts: [MIMEEntity] {
        guard contentType.mimeType.hasPrefix("multipart/"), depth < Self.depthLimit,
            let boundary = contentType.parameters["boundary"], !boundary.isEmpty, boundary.utf8.count <= 200
        else { return [] }
        let delimiter = Array("--\(boundary)".utf8)
        var parts: [MIMEEntity] = []
        var partStart: Int?
        var index = rawBody.startIndex
        while index < rawBody.endIndex {
            let newline = rawBody[index...].firstIndex(of: 0x0A) ?? rawBody.endIndex
            let line = rawBody[index..<newline]
            let next = newline == rawBody.endIndex ? newline : newline + 1
            if line.starts(with: delimiter) {
                if let start = partStart {
                    // The line break before a delimiter belongs to the delimiter (RFC 2046).
                    var end = index
                    if end > start, rawBody[end - 1] == 0x0A { end -= 1 }
                    if end > start, rawBody[end - 1] == 0x0D { end -= 1 }
                    parts.append(MIMEEntity(bytes: rawBody[start..<end], depth: depth + 1))
                    if parts.count >= Self.partLimit { return parts }
                }
                let after = line.dropFirst(delimiter.count)
                if after.starts(with: [0x2D, 0x2D]) { return parts }
                partStart = next
            }
            index = next
        }
        // A truncated message: the last part is what arrived of it.
        if let start = partStart, start < rawBody.endIndex {
            parts.append(MIMEEntity(bytes: rawBody[start...], depth: depth + 1))
        }
        return parts
    }

    /// This entity and every entity inside it, depth first (a report inside a forward).
    public var allEntities: [MIMEEntity] {
        var result: [MIMEEntity] = []
        func walk(_ entity: MIMEEntity) {
            guard result.count < Self.partLimit * 4 else { return }
            result.append(entity)
            for part in entity.parts { walk(part) }
        }
        walk(self)
        return result
    }

    /// The header of an attached message (`message/rfc822`, `text/rfc822-headers`, or
    /// `message/global` and `message/global-headers` from RFC 6533).
    public var attachedHeader: HeaderBlock? {
        switch contentType.mimeType {
        case "message/rfc822", "message/global", "text/rfc822-headers", "message/global-headers", "message/rfc822-headers":
            return HeaderBlock.parse(body).block
        default: return nil
        }
    }
}
