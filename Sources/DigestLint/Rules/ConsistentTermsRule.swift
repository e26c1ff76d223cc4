import DigestCore

/// A name or term is spelled one way, within the issue and across the archive.
public struct ConsistentTermsRule: Rule {
    /// Names shorter than this are too short to compare: Ono and Ohno are two people.
    static let shortestName = 5
    /// Endings that make a related word, not a variant: Korea/Korean, Okinawa/Okinawan.
    static let relatedEndings = ["n", "an", "s", "es", "ese", "i"]

    public static let description = RuleDescription(
        identifier: "consistent-terms",
        summary: "A name or term is spelled the same way everywhere: no near-identical names, hyphenation or capitalisation variants",
        rationale: """
            "Hagiuda" in one paragraph and "Hagyuda" in the next, "co-operation" beside \
            "cooperation", or "PacFleet" beside "Pacfleet" make a reader wonder whether two things \
            are meant. Names are compared with the other issues of the archive too, so a name \
            keeps one spelling from issue to issue.
            """,
        severity: .warning, scope: .archive,
        triggering: [
            RuleExample("Minister Hagiuda spoke; later ↓Hagyuda added that talks go on."),
            RuleExample("Ambassador Emanuel spoke, and Ambassador ↓Emmanuel added that talks go on."),
            RuleExample("Dual-use research expands; ↓dual use rules change."),
            RuleExample(
                "The ↓Pacfleet commander spoke.",
                archive: [
                    "US-Japan Alliance Digest Vol 2.5\nDate: 2023-03-23\n\nHeadlines\n- PacFleet hosts chiefs\n\nDetails\n- PacFleet hosted the chiefs.\n"
                ]),
        ],
        nonTriggering: [
            RuleExample("Okinawa Governor Tamaki is an Okinawan; Korea and Korean firms; Ono and Ohno met."),
            RuleExample("The dual-use rules and the Indo-Pacific region."),
            RuleExample(
                "Japan’s Self-Defense Forces train for collective self-defense; they follow up with talks after a follow-up briefing, in the long term a long-term plan."
            ),
        ])

    public init() {}

    /// One use of a spelling: the prose item (its index in the prose) and where in it.
    /// Plain integers, so that the thousands of them an issue has cost no reference counting.
    struct Use {
        var item: Int
        var offset: Int
        var length: Int
    }

    /// The spellings: where each is first used, and whether any use stands in the
    /// middle of a sentence of a detail. Only that is ever asked, so each spelling keeps two
    /// plain values rather than an array of its uses to allocate and free.
    struct Uses {
        struct Spelling {
            var first: Use
            var isMidSentence: Bool
        }

        let prose: [LintContext.ProseItem]
        var bySpelling: [String: Spelling] = [:]

        init(prose: [LintContext.ProseItem], capacity: Int) {
            self.prose = prose
            bySpelling.reserveCapacity(capacity)
        }

        /// Records a use in `item` (the prose item `use.item` names, which the caller has at
        /// hand); `true` when it is the spelling's first.
        mutating func add(_ spelling: String, _ use: Use, in item: LintContext.ProseItem) -> Bool {
            let isMidSentence = Self.isMidSentence(use, in: item)
            // One look-up, whether the spelling is new or not: every word of the issue comes here.
            var isFirst = false
            func firstUse() -> Spelling {
                isFirst = true
                return Spelling(first: use, isMidSentence: false)
            }
            bySpelling[spelling, default: firstUse()].isMidSentence.merge(isMidSentence)
            return isFirst
        }

        /// The spelling used first in the issue, then the other.
        func firstUsed(_ a: String, _ b: String) -> (String, String) {
            let offsetA = bySpelling[a].map { position($0.first) } ?? Int.max
            let offsetB = bySpelling[b].map { position($0.first) } ?? Int.max
            return offsetA <= offsetB ? (a, b) : (b, a)
        }

        func position(_ use: Use) -> Int {
            let item = prose[use.item]
            return (item.kind == .headline ? 0 : 1_000_000) + item.number * 10_000 + use.offset
        }

        func bothMidSentence(_ a: String, _ b: String) -> Bool {
            isMidSentence(a) && isMidSentence(b)
        }

        /// Whether some use is in a detail and not at the start of a sentence.
        func isMidSentence(_ spelling: String) -> Bool {
            bySpelling[spelling]?.isMidSentence ?? false
        }

        /// Whether this use (in `item`) is in a detail and not at the start of a sentence.
        static func isMidSentence(_ use: Use, in item: LintContext.ProseItem) -> Bool {
            guard item.kind == .detail else { return false }
            var offset = use.offset - 1
            while offset >= 0, item.text.scalars[offset] == " " || item.text.scalars[offset] == "“" { offset -= 1 }
            return offset >= 0 && !ScalarSet.sentenceEnds.contains(item.text.scalars[offset])
        }
    }

    /// What the rule asks of a one-word spelling, whichever issue it is in: worked out once
    /// per lint worker (``WordMemo``) rather than for every issue that uses the word.
    struct SpellingFacts: Sendable {
        let lowercase: String
        /// In the word list as written, or in lowercase when capitalized.
        let isListed: Bool
        /// Its lowercase form is a common word, not only a name.
        let isCommonWord: Bool
        let containsUppercase: Bool
        /// Hyphenated from common words only: `self-defense`, `Self-Defense`.
        let isMadeOfCommonWords: Bool
        /// The spelling and its one-letter deletions, when it counts as a name (long enough,
        /// capitalized, not a common word, no digits); `nil` otherwise.
        let nameForms: Set<String>?

        init(_ spelling: String, wordList: WordList) {
            lowercase = spelling.lowercased()
            isListed = wordList.contains(spelling)
            isCommonWord = wordList.isCommonWord(spelling)
            containsUppercase = spelling.containsUppercase
            let parts = spelling.containsASCII("-") ? lowercase.split(separator: "-") : []
            isMadeOfCommonWords = parts.count > 1 && parts.allSatisfy { wordList.isCommonWord(String($0)) }
            // A name here is a capitalized word that is not a common word (the dictionary may
            // know it as a name: Emanuel, Emmanuel).
            let isName =
                spelling.characterCount >= ConsistentTermsRule.shortestName && spelling.startsUppercase && !isCommonWord
                && !spelling.containsNumber
            nameForms = isName ? CorpusIndex.deletionForms(of: spelling) : nil
        }
    }

    public func check(_ context: LintContext) -> [Finding] {
        context.memo.spellingFacts.withValues { known in
            let wordList = context.lexicon.wordList
            return check(context) { spelling in known.value(for: spelling) { SpellingFacts(spelling, wordList: wordList) } }
        }
    }

    /// The findings, with `facts` giving what is known of each one-word spelling.
    private func check(_ context: LintContext, facts: (String) -> SpellingFacts) -> [Finding] {
        let wordList = context.lexicon.wordList
        // Spellings in this issue, in reading order; sentence-initial and headline words are
        // left out of capitalisation comparisons, since their capitals are grammar.
        let prose = context.prose
        var uses = Uses(prose: prose, capacity: prose.reduce(0) { $0 + $1.text.words.count })
        var order: [String] = []
        // The first parts of hyphenated terms, to look for their two-word spellings.
        var hyphenatedStarts = Set<String>()
        for item in prose {
            let words = item.text.words
            for index in words.indices where words[index].text.containsASCII("-") {
                hyphenatedStarts.insert(String(words[index].lowercased.prefix { $0 != "-" }))
            }
        }
        for (itemIndex, item) in prose.enumerated() {
            // The words are read in place, a field at a time: copying a word retains its three strings.
            let words = item.text.words
            for index in words.indices {
                let spelling = words[index].withoutPossessive
                // Without a possessive the spelling is the word's start, so equal lengths mean the whole word.
                let length = spelling.utf8.count == words[index].text.utf8.count ? words[index].length : spelling.unicodeScalars.count
                if uses.add(spelling, Use(item: itemIndex, offset: words[index].offset, length: length), in: item) {
                    order.append(spelling)
                }
                // "dual use": a two-word spelling of a hyphenated term.
                if index + 1 < words.count, !hyphenatedStarts.isEmpty, hyphenatedStarts.contains(words[index].lowercased) {
                    let word = words[index]
                    let next = item.text.words[index + 1]
                    let between = item.text.string(word.offset + word.length..<next.offset)
                    // Only where the two words modify a following noun ("dual use rules"):
                    // "follow up with", "in the long term," and "meet in person" are right.
                    let after = index + 2 < item.text.words.count ? item.text.words[index + 2] : nil
                    let modifiesNoun =
                        after.map { after in
                            item.text.string(next.offset + next.length..<after.offset) == " "
                                && !CommonWords.stopWords.contains(after.lowercased)
                        } ?? false
                    if between == " ", modifiesNoun {
                        let open = "\(word.text) \(next.withoutPossessive)"
                        if uses.add(
                            open, Use(item: itemIndex, offset: word.offset, length: next.offset + next.length - word.offset), in: item)
                        {
                            order.append(open)
                        }
                    }
                }
            }
        }

        var findings: [Finding] = []
        var reported = Set<String>()
        func report(_ variant: String, _ other: String, _ message: String) {
            guard let use = uses.bySpelling[variant]?.first, reported.insert(variant).inserted else { return }
            findings.append(Finding(range: prose[use.item].text.range(use.offset, use.length), message: message))
        }
        // Spellings by their lowercase form, to find variants without comparing every pair.
        var byLowercase: [String: [String]] = [:]
        byLowercase.reserveCapacity(order.count)
        for spelling in order {
            let lowercase = spelling.containsASCII(" ") ? spelling.lowercased() : facts(spelling).lowercase
            byLowercase[lowercase, default: []].append(spelling)
        }
        let hyphenated = order.filter { $0.containsASCII("-") && !$0.containsASCII(" ") }
        for term in hyphenated {
            let closed = String(term.filter { $0 != "-" })
            let open = String(term.map { $0 == "-" ? " " : $0 })
            for variant in [closed, open] {
                for match in byLowercase[variant.lowercased()] ?? [] {
                    let (first, second) = uses.firstUsed(term, match)
                    report(second, first, "\"\(second)\" is also written \"\(first)\" in this issue; use one spelling")
                }
            }
        }
        for spelling in order where !spelling.containsASCII(" ") {
            let facts = facts(spelling)
            // Capitalisation variants of a term the dictionary does not know (PacFleet, Pacfleet).
            guard !facts.isListed || facts.containsUppercase && !facts.isCommonWord else {
                continue
            }
            // "Self-Defense Forces" and "collective self-defense": a name and the common words it is made of.
            if facts.isMadeOfCommonWords { continue }
            for other in byLowercase[facts.lowercase] ?? [] where other != spelling {
                guard !facts.isCommonWord, uses.bothMidSentence(spelling, other) else { continue }
                let (first, second) = uses.firstUsed(spelling, other)
                report(second, first, "\"\(second)\" is also written \"\(first)\" in this issue; use one spelling")
            }
            // The cheap conditions first: the archive is searched only for a word that needs it.
            if !facts.isCommonWord, uses.isMidSentence(spelling),
                let elsewhere = context.index.capitalisationVariant(of: spelling, lowercase: facts.lowercase, excluding: context.filePath)
            {
                report(
                    spelling, elsewhere.spelling,
                    "\"\(spelling)\" is written \"\(elsewhere.spelling)\" in \(elsewhere.path); use one spelling")
            }
        }
        // Near-identical names: one letter apart, neither a common word.
        var names: [String] = []
        var formsOfNames: [Set<String>] = []
        for name in order where !name.containsASCII(" ") {
            guard let forms = facts(name).nameForms else { continue }
            names.append(name)
            formsOfNames.append(forms)
        }
        // The names (their places in `names`, each name once) by each of their forms: two
        // names one letter apart share a form.
        var namesByForm: [String: [Int]] = [:]
        namesByForm.reserveCapacity(formsOfNames.reduce(0) { $0 + $1.count })
        for (place, forms) in formsOfNames.enumerated() {
            for form in forms { namesByForm[form, default: []].append(place) }
        }
        for (index, name) in names.enumerated() {
            // Later names only: each pair is looked at once. Most names share no form with
            // another, so this stays empty.
            var laterCandidates: [Int] = []
            for form in formsOfNames[index] {
                for place in namesByForm[form] ?? [] where place > index { laterCandidates.append(place) }
            }
            for other in Set(laterCandidates.map { names[$0] }).sorted() where Self.areVariants(name, other) {
                report(
                    other, name, "\"\(other)\" and \"\(name)\" are one letter apart in this issue; if they are one name, spell it one way")
            }
            // A name two other issues already spell this way is established; a variant of it
            // is reported where the variant is written.
            guard context.lexicon.archiveCount(name) < 2 else { continue }
            let near = context.index.nearSpellings(of: name, forms: formsOfNames[index], excluding: context.filePath)
            if let known = near.first(where: {
                !names.contains($0.spelling) && Self.areVariants(name, $0.spelling) && !wordList.contains($0.spelling)
            }) {
                report(
                    name, known.spelling,
                    "\"\(name)\" is written \"\(known.spelling)\" in \(known.path); if they are one name, spell it one way")
            }
        }
        return findings
    }

    static func areVariants(_ a: String, _ b: String) -> Bool {
        guard abs(a.count - b.count) <= 1, a.lowercased() != b.lowercased(), b.count >= shortestName else { return false }
        let (short, long) = a.count <= b.count ? (a, b) : (b, a)
        if long.hasPrefix(short), relatedEndings.contains(String(long.dropFirst(short.count))) { return false }
        return editDistance(a, b) == 1
    }

}

extension Bool {
    /// Becomes `true` if `other` is.
    fileprivate mutating func merge(_ other: Bool) {
        if other { self = true }
    }
}
