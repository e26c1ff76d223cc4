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
                headline: "US-Japan ↓Start planning for Economic 2+2 launch", detail: "Officials started planning the Economic 2+2."
            ).expecting("write headline 1 in sentence case: lowercase \"Start\" unless it is a name"),
            RuleExample(headline: "US Army radar site ↓Finally completes construction", detail: "The US Army site was finally completed.")
                .expecting("write headline 1 in sentence case: lowercase \"Finally\" unless it is a name"),
            RuleExample(headline: "↓Aukus partners invite Japan to drone trials", detail: "The AUKUS partners invited Japan.").expecting(
                "write \"AUKUS\" in headline 1: \"Aukus\" differs from the house spelling only in case"),
            RuleExample(headline: "Japan ↓Coast guard commissions new cutter", detail: "The Japan Coast Guard commissioned the Mizuho.")
                .expecting("write \"Coast Guard\" in headline 1: \"Coast guard\" differs from the house spelling only in case"),
            RuleExample(headline: "Finance ministers ↓Discuss yen", detail: "Kato and Bessent discussed the yen.").expecting(
                "write headline 1 in sentence case: lowercase \"Discuss\" unless it is a name"),
        ],
        nonTriggering: [
            RuleExample(
                headline: "Japan’s Foreign Minister shares views on alliance for DC event",
                detail: "Japanese Foreign Minister Hayashi spoke at a Washington event."),
            RuleExample(
                headline: "“Japan-US Partnership on Trade” convenes first meeting",
                detail: "The Japan-US Partnership on Trade met on March 1."),
            RuleExample(headline: "PacFleet hosts Japan & Australia Navy chiefs", detail: "The fleet hosted the chiefs of navies."),
            RuleExample(
                headline: "Marine Corps and Space Force open offices near 7th Fleet base", detail: "The offices opened in Yokosuka."),
            RuleExample(headline: "Coast Guard cutters patrol near Senkaku Islands", detail: "Cutters patrolled the area."),
            RuleExample(headline: "Governor Tamaki meets State Department officials at Camp Zama", detail: "Tamaki met officials."),
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
        var namePairsInDetails: [String: String]?
        var detailWords: Set<String>?
        let wordList = context.lexicon.wordList
        var findings: [Finding] = []
        for (index, text) in context.headlines.enumerated() {
            let quoted = Self.quotedOffsets(text)
            var offending: [(offset: Int, length: Int, text: String)] = []
            var caseSlip: (offset: Int, length: Int, written: String, house: String)?
            let words = text.words
            for wordIndex in words.indices where !quoted.contains(words[wordIndex].offset) {
                let word = words[wordIndex]
                // A spelling the house writes in capitals, in other capitals here: "Aukus" for AUKUS.
                // A short part of a name ("Un" in "Kim Jong Un") is no acronym.
                let isNamePart = wordIndex > 0 && words[wordIndex - 1].isCapitalized && word.withoutPossessive.count <= 3
                if caseSlip == nil, !isNamePart, word.isCapitalized, !word.isAcronym,
                    let house = Self.houseCapitals(of: word.withoutPossessive, context: context, detailWords: &detailWords)
                {
                    caseSlip = (word.offset, word.withoutPossessive.unicodeScalars.count, word.withoutPossessive, house)
                    continue
                }
                // "Coast guard" where the details write the name "Coast Guard".
                if caseSlip == nil, wordIndex > 0, !word.isCapitalized, words[wordIndex - 1].isCapitalized, !word.hasDigit {
                    if namePairsInDetails == nil { namePairsInDetails = Self.namePairs(in: context.details) }
                    let pair = "\(words[wordIndex - 1].withoutPossessive.lowercased()) \(word.withoutPossessive.lowercased())"
                    if let house = namePairsInDetails?[pair] {
                        caseSlip = (
                            words[wordIndex - 1].offset, word.offset + word.length - words[wordIndex - 1].offset,
                            text.string(words[wordIndex - 1].offset..<word.offset + word.length), house
                        )
                        continue
                    }
                }
                guard wordIndex > 0 else { continue }
                var partOffset = word.offset
                for part in word.withoutPossessive.split(separator: "-", omittingEmptySubsequences: false).map(String.init) {
                    defer { partOffset += part.unicodeScalars.count + 1 }
                    guard let first = part.unicodeScalars.first, first.isUppercaseLetter else { continue }
                    let isAcronym = part.count >= 2 && part.allSatisfy { !$0.isLetter || $0.isUppercase }
                    if isAcronym || part.contains(where: \.isNumber) { continue }
                    // A name, or a word the dictionary also knows as a name (Navy, Begin).
                    if !wordList.isCommonWord(part) || wordList.containsExactly(part) { continue }
                    if Self.isInName(wordIndex, of: words, in: text, wordList: wordList) { continue }
                    // A class of ships is named after its first ship: Aegis-class, Mogami-class.
                    if word.lowercased.hasSuffix("-class") { continue }
                    if capitalizedInDetails == nil { capitalizedInDetails = Self.capitalizedWords(in: context.details) }
                    if capitalizedInDetails?.contains(part) == true { continue }
                    offending.append((partOffset, part.unicodeScalars.count, part))
                }
            }
            if let slip = caseSlip {
                findings.append(
                    Finding(
                        range: text.range(slip.offset, slip.length),
                        message:
                            "write \"\(slip.house)\" in headline \(index + 1): \"\(slip.written)\" differs from the house spelling only in case"
                    ))
            }
            guard let first = offending.first else { continue }
            let quotedWords = offending.prefix(3).map { "\"\($0.text)\"" }.joined(separator: ", ")
            findings.append(
                Finding(
                    range: text.range(first.offset, first.length),
                    message:
                        "write headline \(index + 1) in sentence case: lowercase \(quotedWords)\(offending.count > 3 ? " and the rest" : "")"
                        + " unless \(offending.count == 1 ? "it is a name" : "they are names")"))
        }
        return findings
    }

    /// Whether the capitalized word at `index` is part of a multi-word name: a run of
    /// capitalized words (joined by single spaces) that ends in a name's head noun ("Marine
    /// Corps", "7th Fleet", "Senkaku Islands"), or a title or place word right before a
    /// proper name ("Camp David", "Minister Hayashi").
    static func isInName(_ index: Int, of words: [Word], in text: ProseText, wordList: WordList) -> Bool {
        func joined(_ a: Int, _ b: Int) -> Bool {
            text.string(words[a].offset + words[a].length..<words[b].offset) == " "
        }
        func isCapitalOrNumber(_ word: Word) -> Bool { word.isCapitalized || word.hasDigit }
        // The run's end: the last of the capitalized words joined to this one.
        var end = index
        while end + 1 < words.count, isCapitalOrNumber(words[end + 1]), joined(end, end + 1) { end += 1 }
        if end > index || (index > 0 && isCapitalOrNumber(words[index - 1]) && joined(index - 1, index)) {
            let last = words[end].withoutPossessive
            if NameHeads.words.contains(last) { return true }
        }
        // A title or a place word before a proper name: "Camp David", "Governor Tamaki"
        // (not a verb: "Tamaki Visits Washington").
        if end > index, NameHeads.titles.contains(words[index].withoutPossessive) {
            let next = words[index + 1].withoutPossessive
            if next.startsUppercase, !wordList.isCommonWord(next) || words[index + 1].isAcronym { return true }
        }
        return false
    }

    /// The spelling in capitals that the issue's details or the archive use for `word`,
    /// when `word` is written in other capitals ("Aukus", "Next"); `nil` otherwise.
    /// `detailWords`, the details' words, is made on first need and kept for the next word.
    static func houseCapitals(of word: String, context: LintContext, detailWords: inout Set<String>?) -> String? {
        guard word.unicodeScalars.count >= 2, !word.containsASCII("-") else { return nil }
        let upper = word.uppercased()
        guard upper != word else { return nil }
        let inArchive = (context.index.wordCounts[upper] ?? 0) > 0
        if detailWords == nil {
            detailWords = Set(context.details.flatMap { $0.words.map(\.withoutPossessive) })
        }
        // "Sea" in "Sea of Japan" is a word of its own, whatever "SEA 3000" is.
        guard let detailWords, !detailWords.contains(word), inArchive || detailWords.contains(upper) else { return nil }
        return upper
    }

    /// Pairs of capitalized words in the details ("Coast Guard"), by their lowercase form.
    static func namePairs(in details: [ProseText]) -> [String: String] {
        var pairs: [String: String] = [:]
        for text in details {
            let words = text.words
            // Only pairs that end in a name's head noun: "Coast Guard", "Space Force"; "Pacific
            // Islands Leaders Meeting" does not make "Pacific Islands leaders" a slip.
            for index in words.indices.dropLast()
            where words[index].isCapitalized && words[index + 1].isCapitalized && !words[index + 1].isAcronym
                && NameHeads.words.contains(words[index + 1].withoutPossessive)
                // The name ends there: "US-Japan Command Relationships" is a longer title.
                && !(index + 2 < words.count && words[index + 2].isCapitalized
                    && text.string(words[index + 1].offset + words[index + 1].length..<words[index + 2].offset) == " ")
                && text.string(words[index].offset + words[index].length..<words[index + 1].offset) == " "
            {
                let written = "\(words[index].withoutPossessive) \(words[index + 1].withoutPossessive)"
                pairs[written.lowercased()] = written
            }
        }
        return pairs
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
