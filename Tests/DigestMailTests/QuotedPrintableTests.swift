import DigestTestSupport
import Foundation
import Testing

@testable import DigestMail

@Suite("Quoted-printable")
struct QuotedPrintableTests {
    /// RFC 2045 §6.7 decoding: soft breaks removed, =XX turned back into bytes, CRLF as LF.
    func decode(_ encoded: String) -> [UInt8] {
        var bytes: [UInt8] = []
        let input = Array(encoded.utf8)
        var index = 0
        while index < input.count {
            if input[index] == UInt8(ascii: "="), index + 2 < input.count, input[index + 1] == 13, input[index + 2] == 10 {
                index += 3
            } else if input[index] == UInt8(ascii: "="), index + 2 < input.count,
                let value = UInt8(String(decoding: input[index + 1...index + 2], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                index += 3
            } else if input[index] == 13, index + 1 < input.count, input[index + 1] == 10 {
                bytes.append(10)
                index += 2
            } else {
                bytes.append(input[index])
                index += 1
            }
        }
        return bytes
    }

    @Test("random text of every kind round-trips, in lines of at most 76 characters, with no space before a line break")
    func roundTrips() {
        var generator = SplitMix64.forTest(seed: 2026)
        let pieces = ["a", "Z", " ", "\t", "=", ".", "\n", "é", "日本", "☕", "“", "x", "  ", "\r\n", "-", "0"]
        for length in [0, 1, 2, 75, 76, 77, 300, 5_000] {
            for _ in 0..<40 {
                var text = ""
                for _ in 0..<length { text += pieces[Int(generator.next() % UInt64(pieces.count))] }
                let encoded = QuotedPrintable.encode(text)
                let expected = Array(text.replacingOccurrences(of: "\r\n", with: "\n").utf8)
                #expect(decode(encoded) == expected, "\(text.debugDescription)")
                for line in encoded.components(separatedBy: "\r\n") {
                    #expect(line.utf8.count <= 76)
                    #expect(!line.hasSuffix(" ") && !line.hasSuffix("\t"))
                }
            }
        }
    }
}
