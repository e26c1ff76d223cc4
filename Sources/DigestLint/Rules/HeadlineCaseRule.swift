import DigestCore

/// Headlines are in sentence case: only the first word and names are capitalized.
public struct HeadlineCaseRule: Rule {
    public static let description = RuleDescription(
        identifier: "headline-case",
        summary: "A headline is in sentence case: capitals only for the first word and for names",
        rationale: """
            The digest writes headlines as sentences ("Japan mostly in step with US, Europe on \
            Russia sanctions"), not in title case. A capitalized common word counts as a name when \
            the details capitalize it too ("Foreign Minister", "Radar Site") or the dictionary \
            knows it as one ("Navy"); quoted titles keep their capitals.
            """,
        severity: .warning, scope: .structure,
        triggering: [
            RuleExample(
                headline: "US-Japan ↓Start planning for Economic 2+2 launch", detail: "Officials started planning the Economic 2+2."),
            RuleExample(headline: "US Army radar site ↓Finally completes construction", detail: "The US Army site was finally completed."),
        ],
        nonTriggering: [
            RuleExample(
                headline: "Japan’s Foreign Minister shares views on alliance for DC event",
                detail: "Japanese Foreign Minister Hayashi spoke at a Washington event."),
            RuleExample(
                headline: "“Japan-US Partnership on Trade” convenes first meeting",
                detail: "The Japan-US Partnership on Trade met on March 1."),
            RuleExample(headline: "PacFleet hosts Japan & Australia Navy chiefs", detail: "The fleet hosted the chiefs of navies."),
        ])

    public init() {}

    /// The capitalized words and hyphenated parts of the details, as written.
    static func capitalizedWords(in details: [ProseText]) -> Set<String> {
        var capitalized = Set<String>()
        // The words are read in place: copying a word retains its three strings.
        for text in details {
            let words = text.words
            for index in words.indices {
                let bare = words[index].withoutPossessive
                // Most words have no hyphen to split at; they are looked at whole, without copies.
                if !bare.utf8.contains(UInt8(ascii: "-")) {
                    if bare.startsUppercase { capitalized.insert(bare) }
                    continue
                }
                for part in bare.split(separator: "-").map(String.init) where part.startsUppercase {
                    capitalized.insert(part)
                }
            }
        }
        return capitalized
    }

    public func check(_ context: LintContext) -> [Finding] {
        // Made when a capitalized common word first needs it, which most issues' headlines
        // never have: the dictionary answers for names first.
        var capitalizedInDetails: Set<String>?
        let wordList = context.lexicon.wordList
        var findings: [Finding] = []
        for (index, text) in context.headlines.enumerated() {
            let quoted = Self.quotedOffsets(text)
            var offending: [(offset: Int, length: Int, text: String)] = []
            for word in text.words.dropFirst() where !quoted.contains(word.offset) {
                var partOffset = word.offset
                for part in word.withoutPossessive.split(separator: "-", omittingEmptySubsequences: false).map(String.init) {
                    defer { partOffset += part.unicodeScalars.count + 1 }
                    guard let first = part.unicodeScalars.first, first.isUppercaseLetter else { continue }
                    let isAcronym = part.count >= 2 && part.allSatisfy { !$0.isLetter || $0.isUppercase }
                    if isAcronym || part.contains(where: \.isNumber) { continue }
                    // A name, or a word the dictionary also knows as a name (Navy, Begin).
                    if !wordList.isCommonWord(part) || wordList.containsExactly(part) { continue }
                    if capitalizedInDetails == nil { capitalizedInDetails = Self.capitalizedWords(in: context.details) }
                    if capitalizedInDetails?.contains(part) == true { continue }
                    offending.append((partOffset, part.unicodeScalars.count, part))
                }
            }
            guard let first = offending.first else { continue }
            let words = offending.prefix(3).map { "\"\($0.text)\"" }.joined(separator: ", ")
            findings.append(
                Finding(
                    range: text.range(first.offset, first.length),
                    message: "write headline \(index + 1) in sentence case: lowercase \(words)\(offending.count > 3 ? " and the rest" : "")"
                        + " unless \(offending.count == 1 ? "it is a name" : "they are names")"))
        }
        return findings
    }

    /// Offsets inside “curly” or "straight" quotes, where a title keeps its capitals.
    static func quotedOffsets(_ text: ProseText) -> Set<Int> {
        var inside = Set<Int>()
        var open: Int?
        for (offset, scalar) in text.scalars.enumerated() {
            if scalar == "“" || (scalar == "\"" && open == nil) {
                open = offset
            } else if scalar == "”" || scalar == "\"", let start = open {
                inside.formUnion(start...offset)
                open = nil
            }
        }
        return inside
    }
}
