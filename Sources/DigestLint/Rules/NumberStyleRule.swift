import DigestCore

/// The house style for counts: one to nine in words, 10 and up in figures, in every issue.
public struct NumberStyleRule: Rule {
    public static let description = RuleDescription(
        identifier: "number-style",
        summary: "Counts from one to nine are written in words, 10 and up in figures",
        rationale: """
            The digest spells out small counts ("four areas", "three countries") and writes larger \
            ones in figures ("52 aircraft"), whatever the rest of the issue does: a figure below 10 \
            or a number from 10 up in words is a slip. Dates and date ranges, money, percentages, \
            measurements, years, ranges and names (E-2D, 2+2, APY-9, Type 12, Division 6) are not \
            counts and are left alone.
            """,
        severity: .warning, scope: .prose,
        triggering: [
            RuleExample("The three countries held a ↓4-day workshop with nearly ↓forty specialists on March 10.").expecting(
                "write \"four\": the digest spells out numbers below 10",
                "write 40 in figures, as the digest writes every number from 10 up"),
            RuleExample("After ↓9 years, the two sides and three allies met.").expecting(
                "write \"nine\": the digest spells out numbers below 10"),
            RuleExample("Some ↓8 servicemen were hurt; 12 ships and 40 aircraft took part.").expecting(
                "write \"eight\": the digest spells out numbers below 10"),
        ],
        nonTriggering: [
            RuleExample("After nine years of work, the site hosts 24-hour shifts and a 22.5% share on March 8."),
            RuleExample("Eight ships met from May 31-June 2 near Escort Division 6, with 2-nanometer chips and a 5 km range."),
            RuleExample("Replace the text of headline 1 and detail 2 on page 3 of Pillar 2."),
            RuleExample("Talks ran from June 1 to 7 in Tokyo and from July 2 through 9."),
            RuleExample("The three allies held an Economic 2+2 on July 20-21 and bought five E-2D and APY-9 radars for $1.38 billion."),
            RuleExample(
                "The two sides read Article 9 and Phase 2 from June 1 to 7, starting at 7 a.m. Fifteen firms and three banks joined; eight ships sailed."
            ),
        ],
        corrections: [
            RuleCorrection("After 9 years, 3-battalion units came.", "After nine years, three-battalion units came."),
            RuleCorrection("The ships left. 8 servicemen were hurt.", "The ships left. Eight servicemen were hurt."),
            RuleCorrection("Grants went on November 1 to 9 firms.", "Grants went on November 1 to nine firms."),
        ])

    public init() {}

    /// A count written in figures or in words.
    struct Count {
        var offset: Int
        var length: Int
        var value: Int
        var inWords: Bool
        var item: LintContext.ProseItem
        var written: String
        var wordIndex: Int
    }

    public func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for item in context.prose {
            // Only the house style's breaches are reported, so the form it wants never is.
            for count in Self.counts(in: item) where count.inWords == (count.value >= 10) {
                let range = count.item.text.range(count.offset, count.length)
                if count.inWords {
                    findings.append(
                        Finding(range: range, message: "write \(count.value) in figures, as the digest writes every number from 10 up"))
                } else {
                    let word = Self.word(for: count.value)
                    let startsSentence = Self.startsSentence(count.item.text.words[count.wordIndex], in: count.item.text)
                    let wanted = startsSentence ? word.capitalizedFirst : word
                    findings.append(
                        Finding(
                            range: range, message: "write \"\(wanted)\": the digest spells out numbers below 10",
                            fix: count.item.text.fix(count.offset, count.length, wanted)))
                }
            }
        }
        return findings
    }

    /// Words after a figure that make it a measurement rather than a count: "5 km", "2-nanometer".
    static let units: Set<String> = [
        "km", "kg", "nm", "mm", "cm", "m", "kt", "ton", "tons", "tonne", "tonnes", "nanometer", "nanometers", "nanometre",
        "micrometer", "meter", "meters", "metre", "metres", "kilometer", "kilometers", "mile", "miles", "nautical", "inch",
        "inches", "ft", "feet", "gw", "mw", "kw", "ghz", "mhz", "mach", "magnitude", "percent", "degrees", "knots",
    ]

    /// Words after which a figure names something rather than counting it.
    static let designators: Set<String> = [
        "article", "no", "number", "section", "chapter", "title", "phase", "unit", "level", "category", "vol", "volume",
        "room", "route", "stage", "class", "type", "group", "round", "headline", "detail", "item", "paragraph", "line", "page",
        "pillar", "step", "option", "tier", "block", "flight", "batch", "model",
    ]

    /// Whether the word opens the text or follows the end of a sentence.
    static func startsSentence(_ word: Word, in text: ProseText) -> Bool {
        var offset = word.offset - 1
        while offset >= 0, text.scalars[offset] == " " || text.scalars[offset] == "“" || text.isMarkup[offset] { offset -= 1 }
        return offset < 0 || ScalarSet.sentenceEnds.contains(text.scalars[offset])
    }

    static func word(for value: Int) -> String {
        CommonWords.numberWords.first { $0.value == value }?.key ?? String(value)
    }

    /// The counts of one headline or detail.
    static func counts(in item: LintContext.ProseItem) -> [Count] {
        let text = item.text
        var counts: [Count] = []
        for (index, word) in text.words.enumerated() {
            // Number words are letters only, and a figure needs a digit: most words are
            // neither, and are passed over without a lookup.
            if !word.hasDigit, CommonWords.numberWordLengths.contains(word.lowercased.utf8.count),
                let value = CommonWords.numberWords[word.lowercased], word.lowercased != "one"
            {
                // "hundred" alone is part of a larger number; a sentence cannot start with a figure.
                if value == 100 || Self.startsSentence(word, in: text) { continue }
                // "two hundred jobs" is 200, written in words.
                var (value, length) = (value, word.length)
                if index + 1 < text.words.count, case let next = text.words[index + 1],
                    let scale = ["hundred": 100, "thousand": 1_000][next.lowercased]
                {
                    value *= scale
                    length = next.offset + next.length - word.offset
                }
                counts.append(
                    Count(
                        offset: word.offset, length: length, value: value, inWords: true, item: item, written: word.text,
                        wordIndex: index))
                continue
            }
            // A figure alone, or the figure that starts a compound such as 4-day.
            guard word.hasDigit else { continue }
            let digits = word.text.prefix { $0.isNumber }
            // Zero has no word the digest writes instead.
            guard !digits.isEmpty, let value = Int(digits), digits.count <= 3, value > 0 else { continue }
            let rest = word.text.dropFirst(digits.count)
            guard rest.isEmpty || (rest.hasPrefix("-") && rest.dropFirst().allSatisfy(\.isLetter)) else { continue }
            // "May 31-June 2": a date range, and "2-nanometer": a measurement.
            if rest.hasPrefix("-"),
                CommonWords.months.contains(String(rest.dropFirst())) || Self.units.contains(rest.dropFirst().lowercased())
            {
                continue
            }
            let before = text[safe: word.offset - 1]
            let after = text[safe: word.offset + word.length]
            let afterNext = text[safe: word.offset + word.length + 1]
            let previousWord = index > 0 ? text.words[index - 1].text : ""
            if let before, ScalarSet.beforeNonCount.contains(before) { continue }
            if let after, ScalarSet.afterNonCount.contains(after) { continue }
            if let after, ScalarSet.numberSeparators.contains(after), afterNext?.isDigit == true { continue }
            if CommonWords.months.contains(previousWord) { continue }
            // The end of a range that started in another month: "May 31-June 2".
            if let hyphen = previousWord.lastIndex(of: "-"),
                CommonWords.months.contains(String(previousWord[previousWord.index(after: hyphen)...]))
            {
                continue
            }
            // "Division 6", "Type 12", "Talisman Sabre 2": a figure after a name names a thing.
            if index > 0, text.words[index - 1].isCapitalized, !Self.startsSentence(text.words[index - 1], in: text) { continue }
            // "Article 9" and "Phase 2" name things; they do not count them.
            if Self.designators.contains(previousWord.lowercased()) { continue }
            // "$5 million", "5 percent", "5 pm", "7 a.m." are amounts and times, not counts.
            let nextWord = index + 1 < text.words.count ? text.words[index + 1].lowercased : ""
            // The end of a date range: "from June 1 to 7". Not a figure that counts the word
            // after it: "on November 1 to 9 firms".
            let countsNextWord =
                index + 1 < text.words.count && text.words[index + 1].offset == word.offset + word.length + 1 && after == " "
                && !text.words[index + 1].isCapitalized && !text.words[index + 1].hasDigit && !CommonWords.stopWords.contains(nextWord)
            if ["to", "and", "through", "until"].contains(previousWord.lowercased()), index >= 3,
                CommonWords.months.contains(text.words[index - 3].text), !countsNextWord
            {
                continue
            }
            if Self.units.contains(nextWord) { continue }
            if ["million", "billion", "trillion", "percent", "am", "pm", "yen", "a", "p"].contains(nextWord),
                nextWord.count > 1 || text[safe: word.offset + word.length + 2] == "."
            {
                continue
            }
            counts.append(
                Count(
                    offset: word.offset, length: digits.unicodeScalars.count, value: value, inWords: false, item: item,
                    written: String(word.text), wordIndex: index))
        }
        return counts
    }
}
