import Testing

@testable import DigestMail

@Suite("CSV read a block at a time")
struct CSVReaderTests {
    /// Every kind of field and line ending the reader knows, and two mistakes.
    static let text =
        "\u{FEFF}address,name,status\r\nann@example.org,Ann,subscribed\n\"bo@example.org\",\"Bo, \"\"the\"\" \r\nEditor\",\n"
        + "cy@example.org,C\"y,bounced\r\n\r\ndi@example.org,\"Di\"x,\nlone\rcr@example.org,,\n\"never closed,x\n"

    static func rows(of bytes: [UInt8], inBlocksOf size: Int) -> [CSV.Row] {
        var rows: [CSV.Row] = []
        var reader = CSV.Reader()
        var start = 0
        while start < bytes.count {
            let end = min(start + size, bytes.count)
            bytes[start..<end].withUnsafeBufferPointer { reader.consume($0) { rows.append($0) } }
            start = end
        }
        reader.finish { rows.append($0) }
        return rows
    }

    @Test("blocks that end anywhere (inside a BOM, a CRLF, a doubled quote) give the rows of the whole text")
    func anyBlockSize() {
        let bytes = Array(Self.text.utf8)
        let whole = CSV.rows(Self.text)
        #expect(whole.count == 7)
        #expect(whole[2].fields == ["bo@example.org", "Bo, \"the\" \r\nEditor", ""])
        #expect(whole[3].fields == ["cy@example.org", "C\"y", "bounced"])
        #expect(whole[4].error != nil)
        #expect(whole[5].fields == ["lone\rcr@example.org", "", ""])
        #expect(whole[6].error != nil)
        for size in 1...bytes.count {
            let rows = Self.rows(of: bytes, inBlocksOf: size)
            #expect(rows.map(\.fields) == whole.map(\.fields), "blocks of \(size)")
            #expect(rows.map(\.line) == whole.map(\.line), "blocks of \(size)")
            #expect(rows.map(\.error) == whole.map(\.error), "blocks of \(size)")
        }
    }
}
