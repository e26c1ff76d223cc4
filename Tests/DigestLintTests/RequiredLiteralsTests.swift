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
                literals: months.map { $0 + " " }),
            Case(
                pattern:
                    #"\b(?:the )?([0-9]{1,2})(?:st|nd|rd|th) (?:of )?(January|February|March|April|May|June|July|August|September|October|November|December)\b"#,
                literals: ["st ", "nd ", "rd ", "th "]),
            Case(pattern: #"\b([Tt])rilat(s?)\b"#, literals: ["Trilats", "Trilat", "trilats", "trilat"]),
            Case(pattern: #"(?:a|b)(?:c|d)x"#, literals: ["acx", "adx", "bcx", "bdx"]),
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

    @Test("an ordinal date pattern is not run over a paragraph with a month but no ordinal date")
    func ordinals() throws {
        let patterns = [
            #"\b(January|February|March|April|May|June|July|August|September|October|November|December) ([0-9]{1,2})(?:st|nd|rd|th)\b"#,
            #"\b(?:the )?([0-9]{1,2})(?:st|nd|rd|th) (?:of )?(January|February|March|April|May|June|July|August|September|October|November|December)\b"#,
        ]
        let afterDigit = [["st", "nd", "rd", "th"], ["st ", "nd ", "rd ", "th "]]
        // What stands before the day: a month and a space in the first pattern, nothing known in the second.
        let leads = [Self.months.map { $0 + " " }, []]
        for (index, pattern) in patterns.enumerated() {
            let literals = RequiredLiterals(pattern: pattern)
            #expect(literals.afterDigit.map { $0.literals.map { String(decoding: $0, as: UTF8.self) } } == [afterDigit[index]])
            #expect(literals.afterDigit.map { $0.lead.map { String(decoding: $0, as: UTF8.self) } } == [leads[index]])
            #expect(!literals.mayMatch(Array("The first talks on March 8 and the 10 most recent in May.".utf8)))
            // An ordinal that is not a date, in a paragraph that names a month elsewhere.
            #expect(!literals.mayMatch(Array("Talks on February 15; after the invasion on the 24th, talks stopped.".utf8)))
            let expression = try NSRegularExpression(pattern: pattern)
            for text in ["Talks on March 8th.", "Talks on the 3rd of May.", "Talks on 3rd May and on March 12th"] {
                let matches = expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
                if matches { #expect(literals.mayMatch(Array(text.utf8)), "\(pattern) matches \(text)") }
            }
        }
        #expect(RequiredLiterals(pattern: patterns[0]).mayMatch(Array("Talks on March 8th.".utf8)))
        #expect(RequiredLiterals(pattern: patterns[1]).mayMatch(Array("Talks on the 3rd of May.".utf8)))
        // Digits that may be none, or quantified groups, require nothing after a digit.
        #expect(RequiredLiterals(pattern: #"[0-9]?(?:st|nd)"#).afterDigit.isEmpty)
        #expect(RequiredLiterals(pattern: #"([0-9])*(?:st|nd)"#).afterDigit.isEmpty)
        #expect(RequiredLiterals(pattern: #"[0-9](?:st|nd)?"#).afterDigit.isEmpty)
        #expect(RequiredLiterals(pattern: #"\d(?:st|nd)"#).afterDigit.isEmpty)
    }

    @Test("a word the pattern wants whole is not looked for inside longer words")
    func wholeWords() {
        let literals = RequiredLiterals(pattern: #"\b([Tt])rilat(s?)\b"#)
        #expect(literals.boundaries == RequiredLiterals.Boundaries(before: true, after: true))
        #expect(!literals.mayMatch(Array("A ministers’ trilateral and a bilateral.".utf8)))
        #expect(!literals.mayMatch(Array("Untrilat and trilat_x and trilat9.".utf8)))
        #expect(literals.mayMatch(Array("The trilat met.".utf8)))
        #expect(literals.mayMatch(Array("Trilats, again".utf8)))
        #expect(literals.mayMatch(Array("trilat".utf8)))
        // Next to a letter outside ASCII, ICU's word boundary is left to ICU to judge.
        #expect(literals.mayMatch(Array("trilaté".utf8)))
    }

    /// Words, numbers and marks the house patterns look for, and their near misses.
    static let fuzzPieces = [
        "U.S.", "U.S", "US", "Jan", "Jan.", "January", "Feb.", "Mar", "March", "Sept", "Sep.", "Sept.", "May", "June", "Jun.",
        "Dec", "December", "the", "of", "1", "3", "8", "12", "24", "123", "st", "nd", "rd", "th", "8th", "3rd", "trilat",
        "Trilats", "trilateral", "bilat", "Bilats", "govt", "Govt.", "gov’t", "intl", "Int'l", "int’l", "w/", "W/o", "b/c",
        "a", "x", "_", "é", "’", "\"", "'", "s", "(", ")", "—", ",", ".", ";", " ", " ", " ", "\n",
    ]

    @Test("no text any house pattern matches is passed over, over random texts near the patterns")
    func soundOverRandomTexts() throws {
        var random = SplitMix64.forTest(seed: 0x16_5EED)
        let patterns = Settings.thisRepository.lint.substitutions.map(\.find)
        let pairs = try patterns.map { (try NSRegularExpression(pattern: $0), RequiredLiterals(pattern: $0)) }
        var matched = 0
        for _ in 0..<3_000 {
            let count = Int.random(in: 1...8, using: &random)
            let text = (0..<count).map { _ in Self.fuzzPieces.randomElement(using: &random)! }.joined()
            let bytes = Array(text.utf8)
            for (index, (expression, literals)) in pairs.enumerated()
            where expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil {
                matched += 1
                #expect(literals.mayMatch(bytes), "\(patterns[index]) matches \(text.debugDescription)")
            }
        }
        // The texts come near enough to the patterns for many of them to match.
        #expect(matched > 300)
    }
}
