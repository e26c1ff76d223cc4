import DigestCore
import DigestMail
import DigestTestSupport
import Foundation
import Testing

@Suite("DKIM signatures, verified by dkimpy", .enabled(if: dkimpyAvailable, "dkimpy, PyNaCl or openssl is not installed"))
struct DKIMSignerTests {
    let date = Date(timeIntervalSince1970: 1_680_771_600)

    /// Messages as digest builds them, with long folded headers: a long non-ASCII name and
    /// subject, a long one-click unsubscribe link.
    func messages() throws -> [[UInt8]] {
        let builder = MessageBuilder(settings: .thisRepository, issueKey: "vol-2.6", date: date)
        let links = UnsubscribeLinks(
            mailto: "mailto:egulum@spfusa.org?subject=unsubscribe%20" + String(repeating: "ab", count: 40),
            https: "https://www.spfusa.org/alliance-digest/unsubscribe?reader=reader%40example.org&token="
                + String(repeating: "0f", count: 60))
        let text = "US-Japan Alliance Digest Vol 2.6\n\n- Kishida and Yoon agree — “shuttle diplomacy”  résumé  \n\n\n"
        let html = "<!DOCTYPE html><html lang=\"en\"><body><p>Kishida “and” Yoon = résumé</p>\t \n\n</body></html>\n\n"
        let readers = [
            Subscriber(address: "reader@example.org", name: String(repeating: "Ōno Tarō 大野太郎, ", count: 8)),
            Subscriber(address: "plain@example.org"),
        ]
        var messages = try readers.map {
            try builder.build(
                for: $0, subject: "US-Japan Alliance Digest Vol 2.6 — “Kishida” and “Yoon” agree on shuttle diplomacy ☕ 日米同盟",
                text: text, html: html, unsubscribe: links, boundary: "digest-boundary-1"
            ).bytes
        }
        // Written by hand: folds with tabs, trailing whitespace, a From not first, names in odd case.
        messages.append(
            Array(
                ("Received: by relay\r\nSUBJECT:   Folded \t\r\n\t subject  \r\nfrom: Editor <egulum@spfusa.org>\r\n"
                    + "To: a@example.org\r\nList-Unsubscribe: <mailto:egulum@spfusa.org?subject=unsubscribe>,\r\n\t<https://www.spfusa.org/"
                    + String(repeating: "u", count: 120) + ">\r\nDate: Thu, 06 Apr 2023 09:00:00 +0000\r\nMIME-Version: 1.0\r\n"
                    + "Content-Type: text/plain; charset=utf-8\r\n\r\nline  with   runs \t\r\n\r\n\r\n").utf8))
        return messages
    }

    @Test("both algorithms verify; one changed byte of a signed body or header does not", arguments: DKIMKeyFile.Algorithm.allCases)
    func verifies(_ algorithm: DKIMKeyFile.Algorithm) throws {
        let key = try OpenSSLKey(algorithm.rawValue)
        let signer = DKIMSigner(
            key: try DKIMKeyFile.read(path: key.path, warn: { Issue.record("unexpected warning: \($0)") }), selector: "digest2026",
            domain: "spfusa.org"
        ).dated(date)
        let signed = try messages().map { try signer.sign($0) }
        for message in signed {
            let text = String(decoding: message, as: UTF8.self)
            #expect(text.hasPrefix("DKIM-Signature: v=1; a=\(algorithm == .rsa ? "rsa-sha256" : "ed25519-sha256"); c=relaxed/relaxed;"))
            #expect(text.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 78 || !$0.hasPrefix("DKIM") })
        }

        // Tampered copies: a letter or digit changed in the body, in a signed header's value,
        // and a second From added at the top.
        var random = SplitMix64.forTest(seed: algorithm == .rsa ? 0xD1_4B : 0xED_25)
        var tampered: [[UInt8]] = []
        for message in signed {
            let headerEnd = try #require(Self.find([13, 10, 13, 10], in: message))
            let signatureEnd = try #require(
                Self.find(Array("\r\nFrom".utf8) + [], in: message) ?? Self.find(Array("\r\nReceived".utf8), in: message))
            let bodyPositions = (headerEnd + 4..<message.count).filter { Self.isAlphanumeric(message[$0]) }
            let headerPositions = Self.signedValuePositions(message, from: signatureEnd + 2, to: headerEnd)
            for positions in [bodyPositions, headerPositions] {
                for _ in 0..<4 {
                    let position = positions[Int(random.next() % UInt64(positions.count))]
                    var copy = message
                    copy[position] = copy[position] == UInt8(ascii: "x") ? UInt8(ascii: "y") : UInt8(ascii: "x")
                    tampered.append(copy)
                }
            }
            let signatureLength = signatureEnd + 2
            tampered.append(
                Array(message[..<signatureLength]) + Array("From: Someone Else <ceo@spfusa.org>\r\n".utf8) + message[signatureLength...])
            // Headers digest never writes, signed absent: a replay cannot turn replies elsewhere.
            tampered.append(
                Array(message[..<signatureLength]) + Array("Reply-To: <replies@example.net>\r\n".utf8) + message[signatureLength...])
            tampered.append(Array(message[..<signatureLength]) + Array("Cc: <copy@example.net>\r\n".utf8) + message[signatureLength...])
        }

        let (verdicts, asked) = try dkimpyVerdicts(signed + tampered, record: key.record)
        #expect(Array(verdicts[..<signed.count]) == Array(repeating: true, count: signed.count))
        #expect(Array(verdicts[signed.count...]) == Array(repeating: false, count: tampered.count))
        #expect(asked == ["digest2026._domainkey.spfusa.org."])
    }

    @Test("a signer leaving out Message-ID and Date (the SES route) still verifies once a service has rewritten both")
    func survivesRewrittenHeaders() throws {
        let key = try OpenSSLKey("ed25519")
        let signer = DKIMSigner(
            key: try DKIMKeyFile.read(path: key.path, warn: { Issue.record("unexpected warning: \($0)") }), selector: "digest2026",
            domain: "spfusa.org"
        ).dated(date)
        let unsigned = try messages()[0]
        // What SES does on the way: its own Message-ID and Date in place of digest's.
        func rewritten(_ message: [UInt8]) -> [UInt8] {
            var lines = String(decoding: message, as: UTF8.self).components(separatedBy: "\r\n")
            for (index, line) in lines.enumerated() {
                if line.lowercased().hasPrefix("message-id:") { lines[index] = "Message-ID: <0100018f-ses@email.amazonses.com>" }
                if line.lowercased().hasPrefix("date:") { lines[index] = "Date: Fri, 07 Apr 2023 10:00:00 +0000" }
            }
            return Array(lines.joined(separator: "\r\n").utf8)
        }
        let sesSigned = try signer.leavingOut(["message-id", "DATE"]).sign(unsigned)
        let h = String(decoding: sesSigned, as: UTF8.self).replacingOccurrences(of: "\r\n\t", with: "").split(separator: ";")
            .first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("h=") }
        #expect(h?.contains("from:from:to:to:cc:reply-to:subject:subject:mime-version") == true, "\(h ?? "")")
        let (verdicts, _) = try dkimpyVerdicts(
            [rewritten(sesSigned), rewritten(try signer.sign(unsigned)), sesSigned], record: key.record)
        // Left out: verifies rewritten. Covering both (every other route): the rewrite breaks it.
        #expect(verdicts == [true, false, true])
    }

    @Test("From, and each covered header, is signed once more than it occurs")
    func oversignsFrom() throws {
        let signer = DKIMSigner(key: try DKIMKeyFile.generate(.ed25519), selector: "s", domain: "spfusa.org")
        let message = try signer.sign(try messages()[0])
        let text = String(decoding: message, as: UTF8.self).replacingOccurrences(of: "\r\n\t", with: "")
        let tags = try #require(text.split(separator: "\r\n").first)
        let h = try #require(tags.split(separator: ";").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("h=") })
        #expect(
            h.trimmingCharacters(in: .whitespaces)
                == "h=from:from:to:to:cc:reply-to:subject:subject:date:date:message-id:message-id:mime-version:mime-version:content-type:content-type:list-id:list-id:list-unsubscribe:list-unsubscribe:list-unsubscribe-post:list-unsubscribe-post"
        )
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        return (0...(haystack.count - needle.count)).first { haystack[$0..<$0 + needle.count].elementsEqual(needle) }
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// Letters and digits in the values of the headers the signature covers, between `start` and `end`.
    static func signedValuePositions(_ message: [UInt8], from start: Int, to end: Int) -> [Int] {
        let covered = Set(DKIMSigner.signedHeaders.map { $0.lowercased() })
        var positions: [Int] = []
        var index = start
        var inCovered = false
        var inValue = false
        var lineStart = true
        while index < end {
            let byte = message[index]
            if lineStart && byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") {
                let colon = message[index..<end].firstIndex(of: UInt8(ascii: ":")) ?? end
                inCovered = covered.contains(String(decoding: message[index..<colon], as: UTF8.self).lowercased())
                inValue = false
                lineStart = false
                index = colon
                continue
            }
            lineStart = false
            if byte == UInt8(ascii: ":") { inValue = true }
            if byte == UInt8(ascii: "\n") { lineStart = true }
            if inCovered && inValue && isAlphanumeric(byte) { positions.append(index) }
            index += 1
        }
        return positions
    }
}
