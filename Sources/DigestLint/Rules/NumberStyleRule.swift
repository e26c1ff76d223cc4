import DigestCore

/// One style for numbers within an issue: one to nine in words, 10 and up in figures.
public struct NumberStyleRule: Rule {
    public static let description = RuleDescription(
        identifier: "number-style",
        summary: "Numbers are written one way within an issue: one to nine in words, 10 and up in figures",
        rationale: """
            The digest spells out small counts ("four areas", "three countries") and writes larger \
            ones in figures ("52 aircraft"). A figure below 10 in an issue that spells the others \
            out, or a number from 10 up in words, breaks the pattern. Dates, money, percentages, \
            years, ranges and model names (E-2D, 2+2, APY-9) are not counts and are left alone.
            """,
        severity: .warning, scope: .prose,
        triggering: [
            RuleExample("The three countries held a ↓4-day workshop with nearly ↓forty specialists on March 10."),
            RuleExample("After ↓9 years, the two sides and three allies met."),
        ],
        nonTriggering: [
            RuleExample("After 9 years of work, the site hosts 24-hour shifts and a 22.5% share on March 8."),
            RuleExample("The three allies held an Economic 2+2 on July 20-21 and bought five E-2D and APY-9 radars for $1.38 billion."),
            RuleExample(
                "The two sides read Article 9 and Phase 2 from June 1 to 7, starting at 7 a.m. Fifteen firms and three banks joined."),
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
    }

    public func check(_ context: LintContext) -> [Finding] {
        var counts: [Count] = []
        for item in context.prose {
            counts += Self.counts(in: item)
        }
        let smallFigures = counts.filter { !$0.inWords && $0.value < 10 }
        let smallWords = counts.filter { $0.inWords && $0.value < 10 }
        let largeWords = counts.filter { $0.inWords && $0.value >= 10 }
        var findings: [Finding] = []
        if !smallFigures.isEmpty && !smallWords.isEmpty {
            // The minority style is the slip; on a tie, words win, as the house spells small counts out.
            let slips = smallFigures.count <= smallWords.count ? smallFigures : smallWords
            let example = (slips.first!.inWords ? smallFigures : smallWords).first!.written
            for slip in slips {
                let wanted = slip.inWords ? String(slip.value) : Self.word(for: slip.value)
                findings.append(
                    Finding(
                        range: slip.item.text.range(slip.offset, slip.length),
                        message: "write \"\(wanted)\" here: this issue writes numbers below 10 like \"\(example)\""))
            }
        }
        // Dates make every issue write numbers from 10 up in figures.
        for slip in largeWords {
            findings.append(
                Finding(
                    range: slip.item.text.range(slip.offset, slip.length),
                    message: "write \(slip.value) in figures, as the digest writes every number from 10 up"))
        }
        return findings
    }

    /// Words after which a figure names something rather than counting it.
    static let designators: Set<String> = [
        "article", "no", "number", "section", "chapter", "title", "phase", "unit", "level", "category", "vol", "volume",
        "room", "route", "stage", "class", "type", "group", "round",
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
                counts.append(Count(offset: word.offset, length: word.length, value: value, inWords: true, item: item, written: word.text))
                continue
            }
            // A figure alone, or the figure that starts a compound such as 4-day.
            guard word.hasDigit else { continue }
            let digits = word.text.prefix { $0.isNumber }
            guard !digits.isEmpty, let value = Int(digits), digits.count <= 3 else { continue }
            let rest = word.text.dropFirst(digits.count)
            guard rest.isEmpty || (rest.hasPrefix("-") && rest.dropFirst().allSatisfy(\.isLetter)) else { continue }
            let before = text[safe: word.offset - 1]
            let after = text[safe: word.offset + word.length]
            let afterNext = text[safe: word.offset + word.length + 1]
            let previousWord = index > 0 ? text.words[index - 1].text : ""
            if let before, ScalarSet.beforeNonCount.contains(before) { continue }
            if let after, ScalarSet.afterNonCount.contains(after) { continue }
            if let after, ScalarSet.numberSeparators.contains(after), afterNext?.isDigit == true { continue }
            if CommonWords.months.contains(previousWord) { continue }
            // "Article 9" and "Phase 2" name things; they do not count them.
            if Self.designators.contains(previousWord.lowercased()) { continue }
            // The end of a date range: "from June 1 to 7".
            if ["to", "and", "through", "until"].contains(previousWord.lowercased()), index >= 3,
                CommonWords.months.contains(text.words[index - 3].text)
            {
                continue
            }
            // "$5 million", "5 percent", "5 pm", "7 a.m." are amounts and times, not counts.
            let nextWord = index + 1 < text.words.count ? text.words[index + 1].lowercased : ""
            if ["million", "billion", "trillion", "percent", "am", "pm", "yen", "a", "p"].contains(nextWord),
                nextWord.count > 1 || text[safe: word.offset + word.length + 2] == "."
            {
                continue
            }
            counts.append(
                Count(
                    offset: word.offset, length: digits.unicodeScalars.count, value: value, inWords: false, item: item,
                    written: String(word.text)))
        }
        return counts
    }
}
