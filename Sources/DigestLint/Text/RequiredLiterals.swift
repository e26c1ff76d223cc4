import Foundation

/// Text that every match of a regular expression contains: a cheap test that tells, for
/// most paragraphs, that a pattern cannot match there, before ICU is asked.
///
/// `'\bJan\.?(?= [0-9]{1,2}\b)'` cannot match a paragraph without "Jan", nor a date pattern
/// one without a month's name. The pattern is read conservatively: anything this reader
/// does not understand (a top-level `|`, inline flags such as `(?i)`, `\Q…\E`, an odd
/// bracket) gives no literals, and the pattern is then always run.
struct RequiredLiterals: Sendable, Equatable {
    /// One of these byte strings is in every match; empty when nothing is known.
    let alternatives: [[UInt8]]
    /// Whether the pattern has `\b` right before the alternatives and right after them:
    /// `\b([Tt])rilat(s?)\b` needs "trilat" as a word, and "trilateral" is not one.
    let boundaries: Boundaries

    /// Where a `\b` stands next to the literals a match needs.
    struct Boundaries: Sendable, Equatable {
        var before = false
        var after = false
    }
    /// Sets of literals of which every match has one right after a digit: "th" after the
    /// day in `([0-9]{1,2})(?:st|nd|rd|th)`. Most paragraphs name a month, few an ordinal:
    /// without this the ordinal date patterns were compiled and run for almost every issue.
    let afterDigit: [AfterDigits]

    /// Literals one of which every match has right after a run of ASCII digits, and what
    /// stands before those digits when the pattern says: in
    /// `(January|…) ([0-9]{1,2})(?:st|nd|rd|th)`, "th" after one or two digits after
    /// "January " or another month, so that "on the 24th" in a paragraph that names
    /// February elsewhere is no reason to run the pattern.
    struct AfterDigits: Sendable, Equatable {
        let literals: [[UInt8]]
        /// One of these ends right before the digits; empty when nothing is known.
        let lead: [[UInt8]]
        /// How many digits stand between the lead and the literal.
        let digits: ClosedRange<Int>
    }

    init(alternatives: [[UInt8]], boundaries: Boundaries, afterDigit: [AfterDigits]) {
        self.alternatives = alternatives
        self.boundaries = boundaries
        self.afterDigit = afterDigit
    }

    init(pattern: String) {
        let scalars = Array(pattern.unicodeScalars)
        let chosen = Self.choose(from: Self.requirements(of: scalars) ?? [])
        alternatives = chosen.spellings.map { Array($0.utf8) }
        boundaries = chosen.boundaries
        afterDigit =
            Self.requirements(of: scalars, afterDigit: true)?.map { requirement in
                AfterDigits(
                    literals: requirement.spellings.map { Array($0.utf8) },
                    lead: requirement.digits?.lead?.map { Array($0.utf8) } ?? [],
                    digits: requirement.digits?.count ?? 1...Int.max)
            } ?? []
    }

    /// Literals of which every match holds one, with the word boundaries around them.
    struct Requirement {
        var spellings: [String]
        var boundaries = Boundaries()
        /// For literals right after digits: what is known of the digits and what precedes them.
        var digits: DigitRun?
    }

    /// A run of ASCII digits in a pattern: how many, and the spellings right before it.
    struct DigitRun {
        var lead: [String]?
        var count: ClosedRange<Int>?
    }

    /// Whether `text` (as UTF-8) may hold a match: it contains one of the alternatives, or
    /// there are none to look for, and one of each set of literals after a digit.
    func mayMatch(_ text: [UInt8]) -> Bool {
        (alternatives.isEmpty || alternatives.contains { Self.find($0, in: text, boundaries: boundaries) })
            && afterDigit.allSatisfy { requirement in
                requirement.literals.contains { Self.find($0, in: text, afterDigits: requirement) }
            }
    }

    /// Whether `needle` is in `haystack` right after an ASCII digit, and after the number
    /// of digits and the lead that `requirement` asks for.
    private static func find(_ needle: [UInt8], in haystack: [UInt8], afterDigits requirement: AfterDigits) -> Bool {
        guard !needle.isEmpty, haystack.count > needle.count else { return false }
        let isDigit = { (byte: UInt8) in byte >= 0x30 && byte <= 0x39 }
        for start in 1...(haystack.count - needle.count) where haystack[start] == needle[0] && isDigit(haystack[start - 1]) {
            guard haystack[start..<(start + needle.count)].elementsEqual(needle) else { continue }
            if requirement.lead.isEmpty { return true }
            var digits = 1
            while digits < start, isDigit(haystack[start - digits - 1]) { digits += 1 }
            // The pattern's digits are the last `count` of those before the literal.
            guard requirement.digits.lowerBound <= digits else { continue }
            for count in requirement.digits.lowerBound...min(requirement.digits.upperBound, digits) {
                let leadEnd = start - count
                if requirement.lead.contains(where: { lead in
                    lead.count <= leadEnd && haystack[(leadEnd - lead.count)..<leadEnd].elementsEqual(lead)
                }) {
                    return true
                }
            }
        }
        return false
    }

    /// The requirement whose shortest alternative is longest: the one fewest paragraphs pass.
    private static func choose(from requirements: [Requirement]) -> Requirement {
        let best = requirements.max { lhs, rhs in
            (lhs.spellings.map(\.utf8.count).min() ?? 0) < (rhs.spellings.map(\.utf8.count).min() ?? 0)
        }
        return best ?? Requirement(spellings: [])
    }

    /// Whether `haystack` contains `needle`, where a `\b` on either side of it may hold.
    /// Every paragraph is searched for every pattern's literals (a dozen month names for a
    /// date pattern), so the C library's `memchr`, which scans many bytes at a time, finds
    /// each place the needle may start.
    private static func find(_ needle: [UInt8], in haystack: [UInt8], boundaries: Boundaries = Boundaries()) -> Bool {
        guard let first = needle.first, let last = needle.last else { return true }
        // A `\b` next to a word character needs a character that is not one on the other
        // side. ICU's word characters outside ASCII are many (and it passes over combining
        // marks), so only an ASCII letter, digit or underscore there rules a place out.
        let checkBefore = boundaries.before && isASCIIWord(first)
        let checkAfter = boundaries.after && isASCIIWord(last)
        return haystack.withUnsafeBufferPointer { haystack in
            needle.withUnsafeBufferPointer { needle in
                guard let base = haystack.baseAddress else { return false }
                var start = 0
                while start + needle.count <= haystack.count {
                    guard let found = memchr(base + start, Int32(first), haystack.count - needle.count + 1 - start) else { return false }
                    let offset = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    let end = offset + needle.count
                    if memcmp(base + offset, needle.baseAddress!, needle.count) == 0,
                        !(checkBefore && offset > 0 && isASCIIWord(haystack[offset - 1])),
                        !(checkAfter && end < haystack.count && isASCIIWord(haystack[end]))
                    {
                        return true
                    }
                    start = offset + 1
                }
                return false
            }
        }
    }

    /// Whether a byte is an ASCII letter, digit or underscore, which ICU's `\w` matches.
    private static func isASCIIWord(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "_"):
            true
        default: false
        }
    }

    /// At most this many spellings of one run of literals are kept (`Sept?\.?` has four).
    static let mostSpellings = 8
    /// At most this many alternatives of a group start a run (the twelve months).
    static let mostAlternatives = 16

    /// Sets of strings such that every text a match is found in contains one string of each
    /// set, or `nil` when the pattern uses something this reader does not follow.
    ///
    /// A run of literals is kept in each of its spellings: `Jan\.?` is `Jan.` or `Jan`. A
    /// lookahead right after a run adds the literals it starts with, which the text must have
    /// there: `Jan\.?(?= [0-9])` needs `Jan. ` or `Jan `, and so is not run over "January".
    ///
    /// With `afterDigit`, the groups of literal alternatives that follow a run of one or more
    /// ASCII digits (`[0-9]{1,2}`, or such a run in a group of its own) instead.
    private static func requirements(of pattern: [Unicode.Scalar], afterDigit: Bool = false) -> [Requirement]? {
        var requirements: [Requirement] = []
        var afterDigitRequirements: [Requirement] = []
        /// Whether the atom just read matches one digit or more.
        var digitsHere = false
        var run = [String.UnicodeScalarView()]
        /// Whether every spelling of the run ends where the pattern has got to, so that a
        /// lookahead here continues it.
        var runReachesHere = false
        /// Whether the run starts right after a `\b`.
        var runFollowsBoundary = false
        /// The digits the atom just read matches, when `digitsHere`.
        var digitRun = DigitRun()
        /// The digits right before the run, when it starts right after some.
        var runFollowsDigits: DigitRun?
        /// What the last atom was, so that a quantifier after it can take it back.
        enum Atom {
            case none, literal, alternatives, other
        }
        var last = Atom.none
        func endRun(beforeBoundary: Bool = false) {
            // A spelling with nothing in it requires nothing.
            if !run.contains(where: \.isEmpty) {
                var seen = Set<String>()
                let spellings = run.map { String($0) }.filter { seen.insert($0).inserted }
                requirements.append(
                    Requirement(
                        spellings: spellings, boundaries: Boundaries(before: runFollowsBoundary, after: beforeBoundary && runReachesHere)))
                if let runFollowsDigits { afterDigitRequirements.append(Requirement(spellings: spellings, digits: runFollowsDigits)) }
            }
            run = [String.UnicodeScalarView()]
            runReachesHere = false
            runFollowsBoundary = false
            runFollowsDigits = nil
        }
        /// Notes, as a run starts, whether it follows digits.
        func startRun(digitsBefore: Bool) {
            if run.count == 1, run[0].isEmpty, digitsBefore { runFollowsDigits = digitRun }
        }
        func append(_ literal: Unicode.Scalar) {
            for index in run.indices { run[index].append(literal) }
            runReachesHere = true
        }
        /// Goes on with the run through a group or set that spells one of a few strings.
        func extendRun(by spellings: [String], digitsBefore: Bool) {
            startRun(digitsBefore: digitsBefore)
            run = run.flatMap { prefix in
                spellings.map { spelling in
                    var joined = prefix
                    joined.append(contentsOf: spelling.unicodeScalars)
                    return joined
                }
            }
            runReachesHere = true
            last = .other
        }
        var index = 0
        while index < pattern.count {
            let scalar = pattern[index]
            // A quantifier keeps what the atom before it matched; any other atom starts anew.
            let digitsBefore = digitsHere
            if !"?*+{".unicodeScalars.contains(scalar) { digitsHere = false }
            switch scalar {
            case "\\":
                guard index + 1 < pattern.count else { return nil }
                let escaped = pattern[index + 1]
                index += 2
                if escaped.properties.isAlphabetic || escaped.properties.numericType != nil {
                    // \b, \s, \d, \w, \1…: not a literal; \Q, \x, \u, \p, \N take arguments this
                    // reader does not parse.
                    guard "bBsSdDwWAzZG".unicodeScalars.contains(escaped) || ("1"..."9").contains(escaped) else { return nil }
                    endRun(beforeBoundary: escaped == "b")
                    runFollowsBoundary = escaped == "b"
                    last = .other
                } else {
                    startRun(digitsBefore: digitsBefore)
                    append(escaped)
                    last = .literal
                }
                continue
            case "(":
                guard let close = closing(in: pattern, from: index) else { return nil }
                let body = Array(pattern[(index + 1)..<close])
                // A lookahead right after literals, and not itself quantified, continues them.
                let isQuantified = close + 1 < pattern.count && "?*+{".unicodeScalars.contains(pattern[close + 1])
                // A group that spells a few strings, such as `([Tt])`, `(s?)` or the months, goes
                // on with the run: `\b([Tt])rilat(s?)\b` needs one of four words, and
                // `(January|…) ([0-9]` a month and a space before the digits.
                let groupBody = body.starts(with: ["?", ":"]) ? Array(body.dropFirst(2)) : body
                if !isQuantified, body.first != "?" || body.starts(with: ["?", ":"]), let spellings = finiteSpellings(groupBody),
                    run.count * spellings.count <= Self.mostSpellings || (run.count == 1 && run[0].isEmpty)
                {
                    extendRun(by: spellings, digitsBefore: digitsBefore)
                    index = close + 1
                    continue
                }
                if runReachesHere, !isQuantified, body.starts(with: ["?", "="]) {
                    for literal in leadingLiterals(of: Array(body.dropFirst(2))) { append(literal) }
                }
                let digitCount = isQuantified ? nil : Self.digitCount(body)
                if digitCount != nil {
                    digitRun = DigitRun(
                        lead: runReachesHere && !run.contains(where: \.isEmpty) ? run.map { String($0) } : nil, count: digitCount)
                }
                endRun()
                last = .other
                var alternatives: [String]?
                if body.first == "?" {
                    let kind = body.dropFirst().first
                    if kind == ":" {
                        alternatives = literalAlternatives(Array(body.dropFirst(2)))
                    } else if kind != "=" && kind != "!" && kind != ">" && kind != "<" && kind != "#" {
                        // Lookarounds, atomic groups, named groups and comments are passed over;
                        // inline flags such as (?i) change what a literal matches.
                        return nil
                    }
                } else {
                    alternatives = literalAlternatives(body)
                }
                if let alternatives {
                    requirements.append(Requirement(spellings: alternatives))
                    last = .alternatives
                    if digitsBefore, !isQuantified { afterDigitRequirements.append(Requirement(spellings: alternatives)) }
                }
                digitsHere = digitCount != nil
                index = close + 1
                continue
            case "[":
                guard let close = closing(in: pattern, from: index) else { return nil }
                // A set of a few plain characters, such as `[’']`, goes on with the run.
                let isQuantified = close + 1 < pattern.count && "?*+{".unicodeScalars.contains(pattern[close + 1])
                if !isQuantified, let spellings = finiteSpellings(Array(pattern[index...close])),
                    run.count * spellings.count <= Self.mostSpellings
                {
                    extendRun(by: spellings, digitsBefore: digitsBefore)
                    index = close + 1
                    continue
                }
                endRun()
                last = .other
                digitsHere = String(unicodeScalars: pattern[index...close]) == "[0-9]"
                // How many, the quantifier says; this reader does not keep it.
                digitRun = DigitRun()
                index = close + 1
                continue
            case "?", "*", "+", "{":
                var optional = scalar != "+"
                var next = index + 1
                if scalar == "{" {
                    guard let close = pattern[index...].firstIndex(of: "}") else { return nil }
                    let bounds = String(unicodeScalars: pattern[(index + 1)..<close])
                    guard let lower = Int(bounds.split(separator: ",", omittingEmptySubsequences: false).first ?? "") else {
                        return nil
                    }
                    optional = lower == 0
                    next = close + 1
                }
                // Digits quantified {0,…}, ? or * may be none.
                if optional { digitsHere = false }
                // A lazy or possessive suffix quantifies nothing more.
                if next < pattern.count, pattern[next] == "?" || pattern[next] == "+" { next += 1 }
                switch last {
                case .none: return nil
                case .literal where scalar == "?" && run.count * 2 <= Self.mostSpellings:
                    // Only the last scalar is quantified: the run goes on, spelled with it and without it.
                    run += run.map { String.UnicodeScalarView($0.dropLast()) }
                case .literal:
                    // Only the last scalar is quantified; it ends the run, and is kept if it
                    // must occur at least once.
                    guard let quantified = run[0].last else { return nil }
                    for index in run.indices { run[index].removeLast() }
                    endRun()
                    if !optional { requirements.append(Requirement(spellings: [String(quantified)])) }
                case .alternatives:
                    if optional { requirements.removeLast() }
                case .other: break
                }
                last = .other
                index = next
                continue
            case "|":
                return nil
            case ".", "^", "$":
                endRun()
                last = .other
            case ")", "]", "}":
                return nil
            default:
                startRun(digitsBefore: digitsBefore)
                append(scalar)
                last = .literal
            }
            index += 1
        }
        endRun()
        return afterDigit ? afterDigitRequirements : requirements
    }

    /// How many ASCII digits a group's body matches when it matches one or more and nothing
    /// else: `[0-9]{1,2}` one or two, `[0-9]+` one or more; `nil` for any other body.
    private static func digitCount(_ body: [Unicode.Scalar]) -> ClosedRange<Int>? {
        let text = String(unicodeScalars: body[...])
        // `[0-9]`, not `\d`, which ICU matches to any script's digits, not only ASCII ones.
        guard text.hasPrefix("[0-9]") else { return nil }
        let quantifier = text.dropFirst(5)
        if quantifier.isEmpty { return 1...1 }
        if quantifier == "+" { return 1...Int.max }
        guard quantifier.hasPrefix("{"), quantifier.hasSuffix("}") else { return nil }
        let bounds = quantifier.dropFirst().dropLast().split(separator: ",", omittingEmptySubsequences: false)
        guard let lower = bounds.first.flatMap({ Int($0) }), lower >= 1, bounds.count <= 2 else { return nil }
        if bounds.count == 1 { return lower...lower }
        if bounds[1].isEmpty { return lower...Int.max }
        guard let upper = Int(bounds[1]), upper >= lower else { return nil }
        return lower...upper
    }

    /// The literals a lookahead's body starts with, which every text it holds in has there:
    /// plain and escaped characters up to the first that is not one, or that a quantifier
    /// may leave out. Nothing for a body with a `|` anywhere in it.
    private static func leadingLiterals(of body: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard !body.contains("|") else { return [] }
        var literals: [Unicode.Scalar] = []
        var index = 0
        while index < body.count {
            var literal = body[index]
            var next = index + 1
            if literal == "\\" {
                guard next < body.count, !body[next].properties.isAlphabetic, body[next].properties.numericType == nil else { break }
                literal = body[next]
                next += 1
            } else if "^$.()[]{}?*+".unicodeScalars.contains(literal) {
                break
            }
            if next < body.count, "?*{".unicodeScalars.contains(body[next]) { break }
            literals.append(literal)
            if next < body.count, body[next] == "+" { break }
            index = next
        }
        return literals
    }

    /// Every string a group's body matches, when they are few: ASCII letters, digits and
    /// spaces, sets of plain characters (`[Tt]`, `[’']`), each maybe followed by `?`, on each
    /// side of `|`. `nil` for anything else.
    private static func finiteSpellings(_ body: [Unicode.Scalar]) -> [String]? {
        func isPlain(_ scalar: Unicode.Scalar) -> Bool {
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))
        }
        /// What a set may hold to be read here: plain characters, quotes, and letters and
        /// punctuation outside ASCII, none of which is special in ICU's sets.
        func isPlainInSet(_ scalar: Unicode.Scalar) -> Bool {
            if scalar.isASCII { return isPlain(scalar) || scalar == "'" || scalar == "\"" }
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .otherLetter, .initialPunctuation, .finalPunctuation, .otherPunctuation,
                .dashPunctuation:
                return true
            default:
                return false
            }
        }
        var all: [String] = []
        for branch in body.split(separator: "|", omittingEmptySubsequences: false) {
            var spellings = [""]
            var index = branch.startIndex
            while index < branch.endIndex {
                var choices: [Unicode.Scalar]
                if branch[index] == "[" {
                    guard let close = branch[index...].firstIndex(of: "]"), close > index + 1 else { return nil }
                    choices = Array(branch[(index + 1)..<close])
                    guard choices.allSatisfy(isPlainInSet) else { return nil }
                    index = close + 1
                } else if isPlain(branch[index]) || branch[index] == " " {
                    choices = [branch[index]]
                    index += 1
                } else {
                    return nil
                }
                let optional = index < branch.endIndex && branch[index] == "?"
                if optional { index += 1 }
                if index < branch.endIndex, "?*+{".unicodeScalars.contains(branch[index]) { return nil }
                spellings = spellings.flatMap { prefix in choices.map { prefix + String($0) } } + (optional ? spellings : [])
                guard spellings.count <= Self.mostSpellings else { return nil }
            }
            all += spellings
        }
        var seen = Set<String>()
        all = all.filter { seen.insert($0).inserted }
        return all.count <= Self.mostAlternatives ? all : nil
    }

    /// `January|February|…`: plain letters, digits and spaces on each side of `|`.
    private static func literalAlternatives(_ body: [Unicode.Scalar]) -> [String]? {
        let parts = body.split(separator: "|", omittingEmptySubsequences: false)
        guard
            parts.allSatisfy({ part in
                !part.isEmpty && part.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == " " }
            })
        else { return nil }
        return parts.map { String(unicodeScalars: $0) }
    }

    /// The `)` or `]` closing the group or bracket expression opened at `start`, past
    /// escapes and nested sets; in a group, a bracket expression is passed over whole (the
    /// `)` in `[)]` closes nothing). `nil` for a `]` first in a set, which ICU and this
    /// reader may read differently.
    private static func closing(in pattern: [Unicode.Scalar], from start: Int) -> Int? {
        let opening = pattern[start]
        let closing: Unicode.Scalar = opening == "(" ? ")" : "]"
        var depth = 0
        var index = start
        while index < pattern.count {
            let scalar = pattern[index]
            if scalar == "\\" {
                index += 2
                continue
            }
            if scalar == "[", opening == "(" {
                guard let close = Self.closing(in: pattern, from: index) else { return nil }
                index = close + 1
                continue
            }
            if scalar == opening {
                let rest = pattern[(index + 1)...]
                if opening == "[", rest.starts(with: ["]"]) || rest.starts(with: ["^", "]"]) { return nil }
                depth += 1
            } else if scalar == closing {
                depth -= 1
                if depth == 0 { return index }
            }
            index += 1
        }
        return nil
    }
}
