import Testing

@testable import DigestMail

@Suite("Encoded-words in headers")
struct HeaderEncodingTests {
    // The expected words are Python's base64 module's, an encoder independent of ours.
    @Test(
        "non-ASCII text becomes UTF-8 encoded-words, padded as RFC 4648 says; printable ASCII stays as is",
        arguments: [
            ("Vol 2.6", "Vol 2.6"),
            ("é", "=?UTF-8?B?w6k=?="),
            ("Café", "=?UTF-8?B?Q2Fmw6k=?="),
            ("日", "=?UTF-8?B?5pel?="),
        ])
    func words(text: String, encoded: String) {
        #expect(HeaderEncoding.encodeWords(text) == encoded)
    }

    @Test("a long text splits into words of at most 45 bytes between whole characters, folded with CRLF SPACE")
    func folding() {
        let encoded = HeaderEncoding.encodeWords(String(repeating: "Ωmega ", count: 10))
        #expect(
            encoded
                == "=?UTF-8?B?zqltZWdhIM6pbWVnYSDOqW1lZ2EgzqltZWdhIM6pbWVnYSDOqW1lZ2Egzqlt?=\r\n =?UTF-8?B?ZWdhIM6pbWVnYSDOqW1lZ2EgzqltZWdhIA==?="
        )
        #expect(encoded.split(separator: "\r\n ").allSatisfy { $0.utf8.count <= 75 })
    }
}
