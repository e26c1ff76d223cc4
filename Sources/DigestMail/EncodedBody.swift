/// One edition's body as every copy of an issue shares it, transfer-encoded once: only the
/// lines that hold a reader's own values (their name, their unsubscribe link) are encoded
/// again for each copy.
///
/// Quoted-printable encodes each line on its own (a soft break never crosses a hard one),
/// so a run of whole lines without a value encodes the same in every copy. Encoding the
/// whole 15 KB body for every reader was a fifth of a send's time.
public struct EncodedBody: Sendable {
    /// A stretch of the body, or the place of the reader's value at that index.
    public enum Piece: Sendable, Equatable {
        case text(String)
        case value(Int)
    }

    enum Chunk: Sendable {
        /// Whole lines without a value, already encoded.
        case encoded([UInt8])
        /// A line holding a value, encoded for each copy.
        case line([Piece])
    }

    /// `quoted-printable`, or `base64` when the body is mostly outside ASCII (Japanese,
    /// say) and so shorter that way; decided once, on the body without its values.
    public let transferEncoding: String
    private let chunks: [Chunk]
    private let pieces: [Piece]
    /// The encoded length without the values, to size each copy's buffer.
    let baseLength: Int

    public init(_ pieces: [Piece]) {
        self.pieces = pieces
        let shared = pieces.map { piece in if case .text(let text) = piece { text } else { "" } }.joined()
        var quoted: [UInt8] = []
        QuotedPrintable.append(shared, to: &quoted)
        baseLength = quoted.count
        guard quoted.count <= Base64.wrappedLength(of: shared.utf8.count) else {
            transferEncoding = "base64"
            chunks = []
            return
        }
        transferEncoding = "quoted-printable"
        chunks = Self.chunks(of: pieces)
    }

    /// The pieces cut at line breaks into runs of lines without a value, encoded now, and
    /// single lines with one.
    private static func chunks(of pieces: [Piece]) -> [Chunk] {
        var chunks: [Chunk] = []
        var run = ""
        var line: [Piece] = []
        var lineHasValue = false
        func endLine() {
            if lineHasValue {
                if !run.isEmpty {
                    chunks.append(.encoded(encode(run)))
                    run = ""
                }
                chunks.append(.line(line))
            } else {
                for case .text(let text) in line { run += text }
            }
            line = []
            lineHasValue = false
        }
        for piece in pieces {
            switch piece {
            case .value:
                line.append(piece)
                lineHasValue = true
            case .text(let text):
                let segments = text.split(separator: "\n", omittingEmptySubsequences: false)
                for (index, segment) in segments.enumerated() {
                    let isLast = index == segments.count - 1
                    if isLast {
                        if !segment.isEmpty { line.append(.text(String(segment))) }
                    } else {
                        line.append(.text(segment + "\n"))
                        endLine()
                    }
                }
            }
        }
        endLine()
        if !run.isEmpty { chunks.append(.encoded(encode(run))) }
        return chunks
    }

    private static func encode(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        QuotedPrintable.append(text, to: &bytes)
        return bytes
    }

    /// Appends the encoded body with `values` in their places.
    public func append(filling values: [String], to output: inout [UInt8]) {
        guard transferEncoding == "quoted-printable" else {
            output += Base64.wrapped(Array(Self.fill(pieces, with: values).utf8))
            return
        }
        output.reserveCapacity(output.count + baseLength + values.reduce(0) { $0 + $1.utf8.count * 3 } + 64)
        for chunk in chunks {
            switch chunk {
            case .encoded(let bytes): output += bytes
            case .line(let line): QuotedPrintable.append(Self.fill(line, with: values), to: &output)
            }
        }
    }

    private static func fill(_ pieces: [Piece], with values: [String]) -> String {
        var text = ""
        for piece in pieces {
            switch piece {
            case .text(let stretch): text += stretch
            case .value(let index): text += values.indices.contains(index) ? values[index] : ""
            }
        }
        return text
    }
}
