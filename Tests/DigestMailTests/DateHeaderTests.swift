import Foundation
import Testing

@testable import DigestMail

@Suite("The Date header")
struct DateHeaderTests {
    @Test(
        "RFC 5322 dates, worked out without a date formatter",
        arguments: [
            (0, "Thu, 01 Jan 1970 00:00:00 +0000"),
            (951_827_696, "Tue, 29 Feb 2000 12:34:56 +0000"),
            (1_680_771_600, "Thu, 06 Apr 2023 09:00:00 +0000"),
            (1_703_980_799, "Sat, 30 Dec 2023 23:59:59 +0000"),
            (1_709_164_800, "Thu, 29 Feb 2024 00:00:00 +0000"),
            (2_147_483_648, "Tue, 19 Jan 2038 03:14:08 +0000"),
            (-86_400, "Wed, 31 Dec 1969 00:00:00 +0000"),
        ])
    func formats(seconds: Int, expected: String) {
        #expect(MessageBuilder.rfc5322Date(Date(timeIntervalSince1970: TimeInterval(seconds))) == expected)
    }
}
