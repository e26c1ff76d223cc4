import Foundation

/// Text that every match of a regular expression contains: a cheap test that tells, for
/// most paragraphs, that a pattern cannot match there, before ICU is asked.
///
/// `'\bJan\.?(?= [0-9]{1,2}\b)'` cannot match a paragraph without "Jan", nor a date pattern
/// one without a month's name. The pattern is read conservatively: anything this reader
/// does not understand (a top-level `|`, inline flags such as `(?i)`, `\Q…\E`, an odd
/// bracket) gives no literals, and the pattern is then always run.
struct RequiredLiterals: Sendable {
    /// One of these byte strings is in every match; empty when nothing is known.
    let alternatives: [[UInt8]]
    /// Sets of literals of which every match has one right after a digit: "th" after the
    /// day in `([0-9]{1,2})(?:st|nd|rd|th)`. Most paragraphs name a month, few an ordinal:
    /// without this the ordinal date patterns were compiled and run for almost every issue.
    let afterDigit: [[[UInt8]]]

    init(pattern: String) {
        let scalars = Array(pattern.unicodeScalars)
        alternatives = Self.choose(from: Self.requirements(of: scalars) ?? [])
        afterDigit = Self.requirements(of: scalars, afterDigit: true)?.map { $0.map { Array($0.utf8) } } ?? []
    }

    /// Whether `text` (as UTF-8) may hold a match: it contains one of the alternatives, or
    /// there are none to look for, and one of each set of literals after a digit.
    func mayMatch(_ text: [UInt8]) -> Bool {
        (alternatives.isEmpty || alternatives.contains { Self.find($0, in: text) })
            && afterDigit.allSatisfy { literals in literals.contains { Self.findAfterDigit($0, in: text) } }
    }

    /// Whether `needle` is in `haystack` right after an ASCII digit.
    private static func findAfterDigit(_ needle: [UInt8], in haystack: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count > needle.count else { return false }
        for start in 1...(haystack.count - needle.count)
        where haystack[start] == needle[0] && haystack[start - 1] >= 0x30 && haystack[start - 1] <= 0x39 {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }

    /// The requirement whose shortest alternative is longest: the one fewest paragraphs pass.
    private static func choose(from requirements: [[String]]) -> [[UInt8]] {
        let best = requirements.max { lhs, rhs in
            (lhs.map(\.utf8.count).min() ?? 0) < (rhs.map(\.utf8.count).min() ?? 0)
        }
        return (best ?? []).map { Array($0.utf8) }
    }

    /// Whether `haystack` contains `needle`. Every paragraph is searched for every pattern's
    /// literals (a dozen month names for a date pattern), so the C library's `memchr`, which
    /// scans many bytes at a time, finds each place the needle may start.
    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        return haystack.withUnsafeBufferPointer { haystack in
            needle.withUnsafeBufferPointer { needle in
                guard let base = haystack.baseAddress else { return false }
                var start = 0
                while start + needle.count <= haystack.count {
                    guard let found = memchr(base + start, Int32(first), haystack.count - needle.count + 1 - start) else { return false }
                    let offset = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    if memcmp(base + offset, needle.baseAddress!, needle.count) == 0 { return true }
                    start = offset + 1
                }
                return false
            }
        }
    }

    /// At most this many spellings of one run of literals are kept (`Sept?\.?` has four).
    static let mostSpellings = 8

    /// Sets of strings such that every text a match is found in contains one string of each
    /// set, or `nil` when the pattern uses something this reader does not follow.
    ///
    /// A run of literals is kept in each of its spellings: `Jan\.?` is `Jan.` or `Jan`. A
    /// lookahead right after a run adds the literals it starts with, which the text must have
    /// there: `Jan\.?(?= [0-9])` needs `Jan. ` or `Jan `, and so is not run over "January".
    ///
    /// With `afterDigit`, the groups of literal alternatives that follow a run of one or more
    /// ASCII digits (`[0-9]{1,2}`, or such a run in a group of its own) instead.
    private static func requirements(of pattern: [Unicode.Scalar], afterDigit: Bool = false) -> [[String]]? {
        var requirements: [[String]] = []
        var afterDigitRequirements: [[String]] = []
        /// Whether the atom just read matches one digit or more.
        var digitsHere = false
        var run = [String.UnicodeScalarView()]
        /// Whether every spelling of the run ends where the pattern has got to, so that a
        /// lookahead here continues it.
        var runReachesHere = false
        /// What the last atom was, so that a quantifier after it can take it back.
        enum Atom {
            case none, literal, alternatives, other
        }
        var last = Atom.none
        func endRun() {
            // A spelling with nothing in it requires nothing.
            if !run.contains(where: \.isEmpty) {
                var seen = Set<String>()
                requirements.append(run.map { String($0) }.filter { seen.insert($0).inserted })
            }
            run = [String.UnicodeScalarView()]
            runReachesHere = false
        }
        func append(_ literal: Unicode.Scalar) {
            for index in run.indices { run[index].append(literal) }
            runReachesHere = true
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
                    endRun()
                    last = .other
                } else {
                    append(escaped)
                    last = .literal
                }
                continue
            case "(":
                guard let close = closing(in: pattern, from: index) else { return nil }
                let body = Array(pattern[(index + 1)..<close])
                // A lookahead right after literals, and not itself quantified, continues them.
                let isQuantified = close + 1 < pattern.count && "?*+{".unicodeScalars.contains(pattern[close + 1])
                if runReachesHere, !isQuantified, body.starts(with: ["?", "="]) {
                    for literal in leadingLiterals(of: Array(body.dropFirst(2))) { append(literal) }
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
                    requirements.append(alternatives)
                    last = .alternatives
                    if digitsBefore, !isQuantified { afterDigitRequirements.append(alternatives) }
                }
                digitsHere = !isQuantified && Self.isDigitRun(body)
                index = close + 1
                continue
            case "[":
                guard let close = closing(in: pattern, from: index) else { return nil }
                endRun()
                last = .other
                digitsHere = String(unicodeScalars: pattern[index...close]) == "[0-9]"
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
                    if !optional { requirements.append([String(quantified)]) }
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
                append(scalar)
                last = .literal
            }
            index += 1
        }
        endRun()
        return afterDigit ? afterDigitRequirements : requirements
    }

    /// Whether a group's body matches one ASCII digit or more and nothing else: `[0-9]{1,2}`, `[0-9]+`.
    private static func isDigitRun(_ body: [Unicode.Scalar]) -> Bool {
        let text = String(unicodeScalars: body[...])
        // `[0-9]`, not `\d`, which ICU matches to any script's digits, not only ASCII ones.
        guard text.hasPrefix("[0-9]") else { return false }
        let quantifier = text.dropFirst(5)
        if quantifier.isEmpty || quantifier == "+" { return true }
        guard quantifier.hasPrefix("{"), quantifier.hasSuffix("}") else { return false }
        let bounds = quantifier.dropFirst().dropLast().split(separator: ",", omittingEmptySubsequences: false)
        guard let lower = bounds.first.flatMap({ Int($0) }), lower >= 1, bounds.count <= 2 else { return false }
        return bounds.count == 1 || bounds[1].isEmpty || Int(bounds[1]) != nil
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
