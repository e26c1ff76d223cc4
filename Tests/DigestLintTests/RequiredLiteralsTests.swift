import DigestCore
import DigestTestSupport
import Foundation
import Testing

@testable import DigestLint

@Suite("What every match of a substitution pattern contains")
struct RequiredLiteralsTests {
    static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    struct Case: Sendable, CustomTestStringConvertible {
        var pattern: String
        var literals: [String]
        var testDescription: String { pattern }
    }

    @Test(
        "the house patterns give the text their matches cannot do without",
        arguments: [
            Case(pattern: #"\bU\.S\.$"#, literals: ["U.S."]),
            Case(pattern: #"\bU\.S\.(?=\s+[A-Z])"#, literals: ["U.S."]),
            Case(pattern: #"\bJan\.?(?= [0-9]{1,2}\b)"#, literals: ["Jan. ", "Jan "]),
            Case(pattern: #"\bSept?\.?(?= [0-9]{1,2}\b)"#, literals: ["Sept. ", "Sep. ", "Sept ", "Sep "]),
            Case(pattern: #"\bU\.S\.(?=[,;:)’”—–-]|\s+[a-z0-9(“])"#, literals: ["U.S."]),
            Case(pattern: #"ab(?=c?d)"#, literals: ["ab"]),
            Case(pattern: #"ab(?=c+d)"#, literals: ["abc"]),
            Case(pattern: #"ab(?=\.c)?"#, literals: ["ab"]),
            Case(pattern: #"(?<=^|[\s(\[—–])"(?=\S)"#, literals: ["\""]),
            Case(pattern: #"(?<=s)'(?=[\s,.;:)]|$)"#, literals: ["'"]),
            Case(
                pattern:
                    #"\b(January|February|March|April|May|June|July|August|September|October|November|December) ([0-9]{1,2})(?:st|nd|rd|th)\b"#,
                literals: months),
            Case(
                pattern:
                    #"\b(?:the )?([0-9]{1,2})(?:st|nd|rd|th) (?:of )?(January|February|March|April|May|June|July|August|September|October|November|December)\b"#,
                literals: months),
            Case(pattern: "co+p", literals: ["c"]),
            Case(pattern: "ab{0,2}c", literals: ["a"]),
        ])
    func literals(_ test: Case) {
        #expect(RequiredLiterals(pattern: test.pattern).alternatives.map { String(decoding: $0, as: UTF8.self) } == test.literals)
    }

    @Test(
        "a pattern it cannot read safely gives nothing, so it always runs",
        arguments: ["(?i)u\\.s\\.", "US|U\\.S\\.", "\\QU.S.\\E", "a\\x41", "[]US]", "(?x) U S"])
    func unreadable(_ pattern: String) {
        let literals = RequiredLiterals(pattern: pattern)
        #expect(literals.alternatives.isEmpty)
        #expect(literals.mayMatch(Array("nothing alike".utf8)))
    }

    @Test("no paragraph a house pattern matches is ever passed over")
    func sound() throws {
        let texts = [
            "U.S. officials met on March 8th and Jan. 5.", "They met with the U.S. The talks went on.",
            "Talks began on the 3rd of May with the U.S.", "Kishida said \"we are ready\" and Japan's allies agreed.",
            "The allies' plans, Sept 12 and Sep. 3.", "Nothing to see in these words at all.",
            "Talks on Jan 5, Feb. 6, Mar 7, Apr. 8, Jun 9, Jul. 10, Aug 11, Sept. 12, Oct 13, Nov. 14 and Dec 15.",
        ]
        for substitution in Settings.thisRepository.lint.substitutions {
            let expression = try NSRegularExpression(pattern: substitution.find)
            let literals = RequiredLiterals(pattern: substitution.find)
            #expect(!literals.alternatives.isEmpty, "\(substitution.find) gives no literal to look for")
            for text in texts where expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil {
                #expect(literals.mayMatch(Array(text.utf8)), "\(substitution.find) matches \(text)")
            }
            #expect(!literals.mayMatch(Array("Nothing to see in these words at all.".utf8)))
        }
    }

    @Test("a month written in full is not searched for its abbreviation")
    func fullMonths() {
        let text = Array("Talks on March 8, the Marines and the June 1 markets.".utf8)
        #expect(!RequiredLiterals(pattern: #"\bMar\.?(?= [0-9]{1,2}\b)"#).mayMatch(text))
        #expect(!RequiredLiterals(pattern: #"\bJun\.?(?= [0-9]{1,2}\b)"#).mayMatch(text))
        #expect(RequiredLiterals(pattern: #"\bMar\.?(?= [0-9]{1,2}\b)"#).mayMatch(Array("Talks on Mar. 8.".utf8)))
    }

    @Test("an ordinal date pattern is not run over a paragraph with a month but no ordinal")
    func ordinals() {
        let patterns = [
            #"\b(January|February|March|April|May|June|July|August|September|October|November|December) ([0-9]{1,2})(?:st|nd|rd|th)\b"#,
            #"\b(?:the )?([0-9]{1,2})(?:st|nd|rd|th) (?:of )?(January|February|March|April|May|June|July|August|September|October|November|December)\b"#,
        ]
        for pattern in patterns {
            let literals = RequiredLiterals(pattern: pattern)
            #expect(literals.afterDigit.map { $0.map { String(decoding: $0, as: UTF8.self) } } == [["st", "nd", "rd", "th"]])
            #expect(!literals.mayMatch(Array("The first talks on March 8 and the 10 most recent in May.".utf8)))
            #expect(literals.mayMatch(Array("Talks on March 8th.".utf8)))
            #expect(literals.mayMatch(Array("Talks on the 3rd of May.".utf8)))
        }
        // Digits that may be none, or quantified groups, require nothing after a digit.
        #expect(RequiredLiterals(pattern: #"[0-9]?(?:st|nd)"#).afterDigit.isEmpty)
        #expect(RequiredLiterals(pattern: #"([0-9])*(?:st|nd)"#).afterDigit.isEmpty)
        #expect(RequiredLiterals(pattern: #"[0-9](?:st|nd)?"#).afterDigit.isEmpty)
        #expect(RequiredLiterals(pattern: #"\d(?:st|nd)"#).afterDigit.isEmpty)
    }
}
