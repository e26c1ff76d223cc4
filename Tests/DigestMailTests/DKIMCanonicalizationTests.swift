import DigestMail
import DigestTestSupport
import Foundation
import Testing

@Suite("DKIM relaxed canonicalisation (RFC 6376 §3.4)")
struct DKIMCanonicalizationTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var input: String
        var expected: String
        var testDescription: String { input.debugDescription }
    }

    @Test(
        "headers: name lowercased, folds unfolded, whitespace runs one space, none at the ends",
        arguments: [
            Case(input: "Subject: Hello", expected: "subject:Hello\r\n"),
            // RFC 6376 §3.4.5's own example.
            Case(input: "A: X", expected: "a:X\r\n"),
            Case(input: "B : Y\t\r\n\tZ  ", expected: "b:Y Z\r\n"),
            Case(input: "SUBJECT:\t  lots   of\t\tspace \t ", expected: "subject:lots of space\r\n"),
            Case(input: "Subject:", expected: "subject:\r\n"),
            Case(input: "Subject:   ", expected: "subject:\r\n"),
            Case(
                input: "To: =?utf-8?q?=C5=8Cno_Tar=C5=8D?=\r\n =?utf-8?q?=2C_=E5=A4=A7=E9=87=8E?= <a@example.org>",
                expected: "to:=?utf-8?q?=C5=8Cno_Tar=C5=8D?= =?utf-8?q?=2C_=E5=A4=A7=E9=87=8E?= <a@example.org>\r\n"),
            Case(
                input: "List-Unsubscribe: <mailto:x@y.org>,\r\n\t\r\n <https://y.org/u>",
                expected: "list-unsubscribe:<mailto:x@y.org>, <https://y.org/u>\r\n"),
        ])
    func header(_ example: Case) {
        #expect(String(decoding: DKIMCanonicalization.relaxedHeader(Array(example.input.utf8)), as: UTF8.self) == example.expected)
    }

    @Test(
        "bodies: trailing whitespace and empty lines at the end dropped, runs one space, CRLF kept",
        arguments: [
            // RFC 6376 §3.4.5's own example.
            Case(input: " C \r\nD \t E\r\n\r\n\r\n", expected: " C\r\nD E\r\n"),
            Case(input: "", expected: ""),
            Case(input: "\r\n", expected: ""),
            Case(input: "\r\n\r\n \t \r\n", expected: ""),
            Case(input: "no final line break", expected: "no final line break\r\n"),
            Case(input: "trailing  \t", expected: "trailing\r\n"),
            Case(input: "a\r\n\r\n\r\nb\r\n\r\n", expected: "a\r\n\r\n\r\nb\r\n"),
            Case(input: "a\r\n \r\n\t\r\nb", expected: "a\r\n\r\n\r\nb\r\n"),
            Case(input: "  leading kept as one", expected: " leading kept as one\r\n"),
            // A lone CR or LF is not a line end; the whitespace before it is a run inside the line.
            Case(input: "a \rb\nc \r\n", expected: "a \rb\nc\r\n"),
            Case(input: "ends in CR \r", expected: "ends in CR \r\r\n"),
            Case(input: "=E2=80=9C quoted =\r\nprintable=20\r\n", expected: "=E2=80=9C quoted =\r\nprintable=20\r\n"),
        ])
    func body(_ example: Case) {
        #expect(String(decoding: DKIMCanonicalization.relaxedBody(Array(example.input.utf8)), as: UTF8.self) == example.expected)
    }

    @Test("random bodies and headers canonicalise as dkimpy does", .enabled(if: pythonCanImport("dkim"), "dkimpy is not installed"))
    func sameAsDkimpy() throws {
        var random = SplitMix64.forTest(seed: 0xC4_0F)
        let pieces = ["a", "b", " ", "\t", "  ", "\r\n", "\r\n", "\r", "\n", "\r\n "]
        func sample(_ count: Int) -> String { (0..<count).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined() }
        // A body whose last line has whitespace and no CRLF is where readings of §3.4.4
        // differ (dkimpy keeps that whitespace; digest drops it, as at the end of any line).
        // digest's own bodies always end in CRLF, so the random ones end in CRLF or a letter.
        let bodies = (0..<300).map { sample(Int($0 % 40)) + ($0 % 2 == 0 ? "\r\n" : "a") }
        // A header: a name, a colon, and a value whose line breaks are folds (followed by a space or tab).
        let headers = (0..<300).map { _ in
            "Name " + ": "
                + sample(12).replacingOccurrences(of: "\r\n", with: "\r\n\t").replacingOccurrences(of: "\r", with: "")
                .replacingOccurrences(of: "\n", with: "\r\n ")
        }
        let script = """
            import dkim.canonicalization as c, json, sys
            bodies, headers = json.load(open(sys.argv[1]))
            print(json.dumps([
                [c.Relaxed.canonicalize_body(b.encode("latin-1")).hex() for b in bodies],
                [b"".join(n + b":" + v for n, v in c.Relaxed.canonicalize_headers(
                    [tuple(x.encode("latin-1") for x in h.split(":", 1))])).hex() for h in headers]]))
            """
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("digest-canon-\(UUID().uuidString).json")
        try JSONEncoder().encode([bodies, headers]).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        let (output, errors) = try runPython(script, [input.path])
        let expected = try #require(try? JSONDecoder().decode([[String]].self, from: Data(output.utf8)), "\(errors)")
        func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
        for (body, want) in zip(bodies, expected[0]) {
            #expect(hex(DKIMCanonicalization.relaxedBody(Array(body.utf8))) == want, "\(body.debugDescription)")
        }
        for (header, want) in zip(headers, expected[1]) {
            #expect(hex(DKIMCanonicalization.relaxedHeader(Array(header.utf8))) == want, "\(header.debugDescription)")
        }
    }
}
