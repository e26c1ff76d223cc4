import DigestTestSupport
import Foundation
import Testing

@testable import DigestMail

@Suite("A body encoded once for every copy")
struct EncodedBodyTests {
    /// Stretches that stress quoted-printable: long lines, trailing blanks, "=", CRLF, non-ASCII.
    static let stretches = [
        "plain words ", "\n", "\r\n", "a line that runs well past the seventy-six characters a quoted-printable line may hold ",
        "trailing blank \n", "tab\t\n", "x=y ", "café ", "日本語の文 ", " ", "", ".", "\n\n", "end",
    ]
    static let values = ["", "Ada", "Zoë Ng", "https://example.org/u?reader=a%40b.org&token=0123456789abcdef0123456789abcdef", " ", "=\t"]

    @Test("filled in for any reader, it is byte for byte the quoted-printable encoding of that reader's whole body")
    func sameAsWhole() throws {
        var random = SplitMix64.forTest(seed: 0xB0D1)
        for _ in 0..<2_000 {
            var pieces: [EncodedBody.Piece] = []
            for _ in 0..<Int.random(in: 0...12, using: &random) {
                if Int.random(in: 0..<4, using: &random) == 0 {
                    pieces.append(.value(Int.random(in: 0...1, using: &random)))
                } else {
                    pieces.append(.text(Self.stretches.randomElement(using: &random)!))
                }
            }
            let body = EncodedBody(pieces)
            guard body.transferEncoding == "quoted-printable" else { continue }
            for _ in 0..<3 {
                let values = [Self.values.randomElement(using: &random)!, Self.values.randomElement(using: &random)!]
                var encoded: [UInt8] = []
                body.append(filling: values, to: &encoded)
                let whole = pieces.map { piece in
                    switch piece {
                    case .text(let text): text
                    case .value(let index): values[index]
                    }
                }.joined()
                #expect(encoded == Array(QuotedPrintable.encode(whole).utf8), "pieces \(pieces), values \(values)")
            }
        }
    }

    @Test("a body mostly outside ASCII goes in base64, decided once for the issue")
    func base64() throws {
        let text = String(repeating: "日本語の文章です。", count: 40)
        let body = EncodedBody([.text(text + "\n"), .value(0), .text("\n")])
        #expect(body.transferEncoding == "base64")
        var encoded: [UInt8] = []
        body.append(filling: ["https://example.org/u"], to: &encoded)
        let joined = String(decoding: encoded, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "")
        #expect(Data(base64Encoded: joined).map { String(decoding: $0, as: UTF8.self) } == text + "\nhttps://example.org/u\n")
    }
}
