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
            RuleExample("Minister Hagiuda spoke; later ↓Hagyuda added that talks go on.").expecting(
                "\"Hagyuda\" and \"Hagiuda\" are one letter apart in this issue; if they are one name, spell it one way"),
            RuleExample("Ambassador Emanuel spoke, and Ambassador ↓Emmanuel added that talks go on.").expecting(
                "\"Emmanuel\" and \"Emanuel\" are one letter apart in this issue; if they are one name, spell it one way"),
            RuleExample("Dual-use research expands; ↓dual use rules change.").expecting(
                "\"dual use\" is also written \"Dual-use\" in this issue; use one spelling"),
            RuleExample("Defense Minister Kihara spoke; later ↓Kiahra added that talks go on.").expecting(
                "\"Kiahra\" and \"Kihara\" are one letter apart in this issue; if they are one name, spell it one way"),
            RuleExample("The ↓rail gun tests went on, and the railgun budget grew.").expecting(
                "\"rail gun\" is written \"railgun\" in this issue; use one spelling"),
            RuleExample("Astellas opened a plant, and ↓Astella’s chief spoke.").expecting(
                "the name is \"Astellas\" elsewhere: write its possessive \"Astellas’\""),
            RuleExample("Kojima spoke, and ↓Kojimas spokesperson added more.").expecting(
                "\"Kojimas\" reads as the possessive of \"Kojima\": write \"Kojima’s\""),
            RuleExample("Governor Tamaki met officials. ↓Tamakis visit was his fifth.").expecting(
                "\"Tamakis\" reads as the possessive of \"Tamaki\": write \"Tamaki’s\""),
            RuleExample("An adviser spoke, and the ↓advisor group met.").expecting(
                "\"advisor\" is also written \"adviser\" in this issue; use one spelling"),
            RuleExample("Tokyo signed an MOU with London, which called the ↓MoU historic.").expecting(
                "\"MoU\" is also written \"MOU\" in this issue; use one spelling"),
            RuleExample("Talks on ↓counter strike plans began; the counterstrike budget grew.").expecting(
                "\"counter strike\" is written \"counterstrike\" in this issue; use one spelling"),
            RuleExample(
                "The ↓Asia Pacific region grows.",
                archive: [
                    "US-Japan Alliance Digest Vol 2.5\nDate: 2023-03-23\n\nHeadlines\n- Talks open\n\nDetails\n- The Asia-Pacific talks opened.\n"
                ]
            ).expecting("\"Asia Pacific\" is written \"Asia-Pacific\" in archive/0.issue; use one spelling"),
            RuleExample(
                "The ↓Pacfleet commander spoke.",
                archive: [
                    "US-Japan Alliance Digest Vol 2.5\nDate: 2023-03-23\n\nHeadlines\n- PacFleet hosts chiefs\n\nDetails\n- PacFleet hosted the chiefs.\n"
                ]
            ).expecting("\"Pacfleet\" is written \"PacFleet\" in archive/0.issue; use one spelling"),
        ],
        nonTriggering: [
            RuleExample("Okinawa Governor Tamaki is an Okinawan; Korea and Korean firms; Ono and Ohno met."),
            RuleExample("The dual-use rules and the Indo-Pacific region."),
            RuleExample("The JGSDF, the JMSDF and the JASDF met; Kim Jong Un defied the UN; Hamada and Yamada spoke with Tokura."),
            RuleExample(
                "The National Cyber Policy Office leads on cyber threats; the Australian Defence Force and US defense officials met."),
            RuleExample("The Philippines and Philippine Navy; the Okinawans and Okinawan officials; every day an everyday task."),
            RuleExample("They counter strikes daily, and meet every day with a counterstrike plan."),
            RuleExample(
                "Japan’s Self-Defense Forces train for collective self-defense; they follow up with talks after a follow-up briefing, in the long term a long-term plan."
            ),
        ])

    public init() {}

    /// One use of a spelling: the prose item (its index in the issue's prose) and where in it.
    /// Plain integers, so that the thousands of them an issue has cost no reference counting.
    struct Use {
        var item: Int
        var offset: Int
        var length: Int
    }

    /// The issue's spellings, each with a place (its index in ``spellings``, in the order the
    /// issue first uses them): where each is first used, and whether any use stands in the
    /// middle of a sentence of a detail. Only that is ever asked, so each spelling keeps two
    /// plain values rather than an array of its uses to allocate and free, and everything
    /// after the one look-up per use goes by place rather than by hashing the spelling again.
    struct Uses {
        let prose: [LintContext.ProseItem]
        private(set) var places: [String: Int] = [:]
        private(set) var spellings: [String] = []
        private(set) var firstUses: [Use] = []
        private(set) var isMidSentence: [Bool] = []
        /// How many times each spelling is used.
        private(set) var counts: [Int] = []

        init(prose: [LintContext.ProseItem], capacity: Int) {
            self.prose = prose
            places.reserveCapacity(capacity)
        }

        /// Records a use in `item` (the prose item `use.item` names, which the caller has at hand).
        mutating func add(_ spelling: String, _ use: Use, in item: LintContext.ProseItem) {
            let isMidSentence = Self.isMidSentence(use, in: item)
            // One look-up, whether the spelling is new or not: every word of the issue comes here.
            let next = spellings.count
            func place(_ stored: inout Int) -> Int {
                if stored < 0 { stored = next }
                return stored
            }
            let place = place(&places[spelling, default: -1])
            if place == next {
                spellings.append(spelling)
                firstUses.append(use)
                self.isMidSentence.append(isMidSentence)
                counts.append(1)
            } else {
                counts[place] += 1
                if isMidSentence { self.isMidSentence[place] = true }
            }
        }

        /// The spelling used first in the issue, then the other.
        func firstUsed(_ a: Int, _ b: Int) -> (Int, Int) {
            position(firstUses[a]) <= position(firstUses[b]) ? (a, b) : (b, a)
        }

        /// Where a use is in reading order: headlines first, then details, each in order.
        /// (Items are compared as such, not summed into one number, which mixed up a long
        /// paragraph's end with the next item's start.)
        func position(_ use: Use) -> (Int, Int, Int) {
            let item = prose[use.item]
            return (item.kind == .headline ? 0 : 1, item.number, use.offset)
        }

        func bothMidSentence(_ a: Int, _ b: Int) -> Bool {
            isMidSentence[a] && isMidSentence[b]
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
            // A name's forms are as many as its letters and each as long: past the length of
            // any word, comparing them would grow with the square of the length.
            let isComparable =
                isName && spelling.utf8.count <= 4 * WorkLimits.longestWord && spelling.characterCount <= WorkLimits.longestWord
            nameForms = isComparable ? CorpusIndex.deletionForms(of: spelling) : nil
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
                uses.add(spelling, Use(item: itemIndex, offset: words[index].offset, length: length), in: item)
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
                    // A name or a figure (Self Defense, COVID 19, Asia Pacific) is one term whatever follows it.
                    let isNamed = word.isCapitalized || next.isCapitalized || word.hasDigit || next.hasDigit
                    if between == " ", modifiesNoun || isNamed {
                        let open = "\(word.text) \(next.withoutPossessive)"
                        uses.add(open, Use(item: itemIndex, offset: word.offset, length: next.offset + next.length - word.offset), in: item)
                    }
                }
            }
        }
        // From here on a spelling is its place in `uses.spellings`.
        let spellings = uses.spellings
        let isOneWord = spellings.map { !$0.containsASCII(" ") }
        // Each one-word spelling's facts, asked of the memo once.
        let factsOf = spellings.indices.map { isOneWord[$0] ? facts(spellings[$0]) : nil }

        var findings: [Finding] = []
        var reported = Set<Int>()
        func report(_ variant: Int, _ message: String) {
            guard reported.insert(variant).inserted else { return }
            let use = uses.firstUses[variant]
            findings.append(Finding(range: prose[use.item].text.range(use.offset, use.length), message: message))
        }
        // Spellings grouped by their lowercase form, to find variants without comparing every
        // pair: each spelling's group, and each group's spellings in order.
        var groupOfLowercase: [String: Int] = [:]
        groupOfLowercase.reserveCapacity(spellings.count)
        var groups: [[Int]] = []
        var groupOf: [Int] = []
        groupOf.reserveCapacity(spellings.count)
        for place in spellings.indices {
            let lowercase = factsOf[place]?.lowercase ?? spellings[place].lowercased()
            let next = groups.count
            func group(_ stored: inout Int) -> Int {
                if stored < 0 { stored = next }
                return stored
            }
            let group = group(&groupOfLowercase[lowercase, default: -1])
            if group == next { groups.append([]) }
            groups[group].append(place)
            groupOf.append(group)
        }
        for term in spellings.indices where isOneWord[term] && spellings[term].containsASCII("-") {
            let closed = String(spellings[term].filter { $0 != "-" })
            let open = String(spellings[term].map { $0 == "-" ? " " : $0 })
            for variant in [closed, open] {
                for match in groupOfLowercase[variant.lowercased()].map({ groups[$0] }) ?? [] {
                    let (first, second) = uses.firstUsed(term, match)
                    report(second, "\"\(spellings[second])\" is also written \"\(spellings[first])\" in this issue; use one spelling")
                }
            }
        }
        // Whether a group's spellings have been compared with each other. Spellings of one
        // group are compared from the first of them that qualifies: it reports every later
        // one, and each later one would report only spellings already reported, so comparing
        // again would make a group of many spellings (a word capitalized every way) quadratic.
        var compared = [Bool](repeating: false, count: groups.count)
        for place in spellings.indices {
            guard let facts = factsOf[place] else { continue }
            // Capitalisation variants of a term the dictionary does not know (PacFleet, Pacfleet).
            guard !facts.isListed || facts.containsUppercase && !facts.isCommonWord else {
                continue
            }
            // "Self-Defense Forces" and "collective self-defense": a name and the common words it is made of.
            if facts.isMadeOfCommonWords { continue }
            let group = groupOf[place]
            if !facts.isCommonWord, uses.isMidSentence[place] || Self.hasInnerCapitals(spellings[place]), !compared[group] {
                compared[group] = true
                for other in groups[group] where other != place {
                    let spellingA = spellings[place]
                    let spellingB = spellings[other]
                    // Capitals inside a spelling (MoU, MOU) are no grammar: compared wherever they stand.
                    let anywhere = Self.hasInnerCapitals(spellingA) && Self.hasInnerCapitals(spellingB)
                    guard anywhere || uses.bothMidSentence(place, other) else { continue }
                    guard !Self.areDifferentKinds(spellingA, spellingB) else { continue }
                    // The spelling used less is the slip; on a tie, the one used second.
                    var (first, second) = uses.firstUsed(place, other)
                    if uses.counts[second] > uses.counts[first] { (first, second) = (second, first) }
                    report(second, "\"\(spellings[second])\" is also written \"\(spellings[first])\" in this issue; use one spelling")
                }
            }
            // The cheap conditions first: the archive is searched only for a word that needs it.
            let spelling = spellings[place]
            // A spelling already reported needs no second report: asking the archive for
            // each of a thousand capitalisations made the asking quadratic.
            if !facts.isCommonWord, uses.isMidSentence[place], !reported.contains(place),
                let elsewhere = context.index.capitalisationVariant(of: spelling, lowercase: facts.lowercase, excluding: context.filePath),
                !Self.areDifferentKinds(spelling, elsewhere.spelling)
            {
                report(place, "\"\(spelling)\" is written \"\(elsewhere.spelling)\" in \(elsewhere.path); use one spelling")
            }
        }
        // Near-identical names: one letter apart, neither a common word.
        var names: [String] = []
        var namePlaces: [Int] = []
        var formsOfNames: [Set<String>] = []
        for place in spellings.indices {
            guard let forms = factsOf[place]?.nameForms else { continue }
            names.append(spellings[place])
            namePlaces.append(place)
            formsOfNames.append(forms)
        }
        let nameSet = Set(names)
        // The names (their places in `names`, each name once) by each of their forms: two
        // names one letter apart share a form.
        var namesByForm: [String: [Int]] = [:]
        namesByForm.reserveCapacity(formsOfNames.reduce(0) { $0 + $1.count })
        for (place, forms) in formsOfNames.enumerated() {
            for form in forms { namesByForm[form, default: []].append(place) }
        }
        // Names that share a lowercase form are compared pair by pair, which is nothing for
        // an issue's few dozen names but a million comparisons for a thousand spellings of
        // one name in different capitals: past a budget, the pairs are found by EditKey.
        let pairsToCompare = namesByForm.values.reduce(0) { $0 + $1.count * ($1.count - 1) / 2 }
        var keyed = pairsToCompare > 16 * names.count + 1_000 ? NamesByEditKey(names) : nil
        for (index, name) in names.enumerated() {
            // Later names only: each pair is looked at once. Most names share no form with
            // another, so this stays empty.
            var laterCandidates: [Int] = []
            if keyed != nil {
                laterCandidates = keyed!.laterPartners(of: index) { reported.contains(namePlaces[$0]) }
            } else {
                for form in formsOfNames[index] {
                    for place in namesByForm[form] ?? [] where place > index { laterCandidates.append(place) }
                }
            }
            for other in Set(laterCandidates).sorted(by: { names[$0] < names[$1] }) where Self.areVariants(name, names[other]) {
                report(
                    namePlaces[other],
                    "\"\(names[other])\" and \"\(name)\" are one letter apart in this issue; if they are one name, spell it one way")
            }
            // A name two other issues already spell this way is established; a variant of it
            // is reported where the variant is written.
            // A name already reported (one letter from another in this issue) is not looked
            // up: among thousands of names one letter apart, each look-up finds them all.
            guard context.lexicon.archiveCount(name) < 2, !reported.contains(namePlaces[index]) else { continue }
            let near = context.index.nearSpellings(of: name, excluding: context.filePath)
            if let known = near.first(where: {
                !nameSet.contains($0.spelling) && Self.areVariants(name, $0.spelling, acrossIssues: true)
                    && !wordList.contains($0.spelling)
            }) {
                report(
                    namePlaces[index],
                    "\"\(name)\" is written \"\(known.spelling)\" in \(known.path); if they are one name, spell it one way")
            }
        }
        let spelledInIssue: (String) -> String? = { lowercase in
            groupOfLowercase[lowercase].flatMap { groups[$0].first.map { spellings[$0] } }
        }
        findings += Self.openForms(context, spelledInIssue: spelledInIssue, reported: findings.map(\.range))
        findings += SpellingVariants.findings(context)
        findings += PossessiveSlips.findings(context)
        return findings
    }

    /// Two-word spellings ("rail gun", "Self Defense", "Asia Pacific") of a term this issue or
    /// another one writes closed or hyphenated ("railgun", "Self-Defense", "Asia-Pacific").
    /// A name or a figure is one term wherever it stands; two common words only when they
    /// modify a noun ("first ever summit"), since "in the long term" and "follow up with" are right.
    static func openForms(_ context: LintContext, spelledInIssue: (String) -> String?, reported: [SourceRange]) -> [Finding] {
        let wordList = context.lexicon.wordList
        var findings: [Finding] = []
        // Each open form is reported where it is first used.
        var reportedForms = Set<String>()
        for item in context.prose {
            let text = item.text
            let words = text.words
            // Whether one space, and nothing else, stands between two words (no string is made).
            func spaced(_ a: Word, _ b: Word) -> Bool {
                b.offset == a.offset + a.length + 1 && text.scalars[a.offset + a.length] == " "
            }
            for index in words.indices.dropLast() {
                let word = words[index]
                let next = words[index + 1]
                guard spaced(word, next),
                    !word.text.containsASCII("-"), !next.text.containsASCII("-"), !word.isAcronym || next.hasDigit
                else { continue }
                // A capital that starts a sentence or a headline is grammar, not a name.
                let opensSentence = item.kind == .headline && index == 0 || NumberStyleRule.startsSentence(word, in: text)
                let isNamed = word.isCapitalized && !opensSentence || next.isCapitalized || word.hasDigit || next.hasDigit
                if !isNamed {
                    guard index + 2 < words.count, spaced(next, words[index + 2]),
                        !CommonWords.stopWords.contains(words[index + 2].lowercased), !CommonWords.stopWords.contains(word.lowercased),
                        !CommonWords.stopWords.contains(next.lowercased)
                    else { continue }
                }
                let second = next.withoutPossessive
                let hyphenated = "\(word.text)-\(second)"
                let closed = "\(word.text)\(second.lowercased())"
                // A name's two words may be a common word closed ("Every Day" is no "everyday"),
                // but two common words before a noun are one ("counter strike targeting" for
                // "counterstrike"; adverbial "every day" is followed by no noun and is not here).
                // "March9" is a run-on slip, not a closed spelling of "March 9": a figure is joined by a hyphen only.
                let closedIsWord = isNamed && wordList.isCommonWord(closed.lowercased()) || word.hasDigit || next.hasDigit
                var written: (spelling: String, place: String)?
                for form in closedIsWord ? [hyphenated] : [hyphenated, closed] {
                    let lowercase = form.lowercased()
                    // The issue's own hyphenated forms are compared with their open forms above.
                    if form == closed, let spelling = spelledInIssue(lowercase) {
                        written = (spelling, "this issue")
                        break
                    }
                    // Two common words ("missile defense") are compared with other issues only
                    // when closed ("railgun"): "air- and missile-defense" is no rival spelling.
                    if isNamed || form == closed,
                        let elsewhere = context.index.capitalisationVariant(of: "", lowercase: lowercase, excluding: context.filePath)
                    {
                        written = (elsewhere.spelling, elsewhere.path)
                        break
                    }
                }
                guard let written, reportedForms.insert(hyphenated.lowercased()).inserted else { continue }
                let range = text.range(word.offset, next.offset + second.unicodeScalars.count - word.offset)
                if reported.contains(range) { continue }
                findings.append(
                    Finding(
                        range: range,
                        message:
                            "\"\(text.string(word.offset..<next.offset + second.unicodeScalars.count))\" is written \"\(written.spelling)\" in \(written.place); use one spelling"
                    ))
            }
        }
        return findings
    }

    /// Whether a spelling has a capital after its first letter: MoU, PacFleet, MOU.
    static func hasInnerCapitals(_ spelling: String) -> Bool {
        spelling.dropFirst().contains(where: \.isUppercase)
    }

    /// Spellings that are different kinds of word, not variants of one: a proper name and a
    /// common noun (Cyber in "Cyber Policy Office", cyber), or a short part of a name and an
    /// acronym (Un in "Kim Jong Un", UN).
    static func areDifferentKinds(_ a: String, _ b: String) -> Bool {
        func isTitlecase(_ s: String) -> Bool { s.startsUppercase && !hasInnerCapitals(s) }
        func isLowercase(_ s: String) -> Bool { !s.containsUppercase }
        func isAcronym(_ s: String) -> Bool { s.count >= 2 && s.allSatisfy { !$0.isLetter || $0.isUppercase } }
        if isTitlecase(a) && isLowercase(b) || isTitlecase(b) && isLowercase(a) { return true }
        if isAcronym(a) && isTitlecase(b) && b.count <= 3 || isAcronym(b) && isTitlecase(a) && a.count <= 3 { return true }
        return false
    }

    /// Whether two names are likely one name spelled two ways. `acrossIssues`: they are in
    /// different issues, where two real Japanese names one letter apart (Tokura, Tokuda) are
    /// more likely two people than within one issue (Hagiuda, Hagyuda).
    static func areVariants(_ a: String, _ b: String, acrossIssues: Bool = false) -> Bool {
        guard abs(a.count - b.count) <= 1, a.lowercased() != b.lowercased(), b.count >= shortestName else { return false }
        // JGSDF and JMSDF are two forces: acronyms pair only when one swaps the other's letters.
        func isAcronym(_ s: String) -> Bool { s.allSatisfy { !$0.isLetter || $0.isUppercase } }
        if isAcronym(a) || isAcronym(b) {
            guard isAcronym(a), isAcronym(b), a.sorted() == b.sorted() else { return false }
        }
        // Hamada and Yamada are two people: a slip seldom changes a name's first letter.
        if a.first?.lowercased() != b.first?.lowercased() { return false }
        let (short, long) = a.count <= b.count ? (a, b) : (b, a)
        if long.hasPrefix(short), relatedEndings.contains(String(long.dropFirst(short.count))) { return false }
        guard areOneEditApart(a, b) else { return false }
        return !acrossIssues || !(JapaneseNames.system.contains(a) && JapaneseNames.system.contains(b))
    }

    /// Whether one character inserted, deleted or replaced makes `a` into `b`: what an edit
    /// distance of 1 means, found in one pass instead of a table of both lengths.
    static func areOneEditApart(_ a: String, _ b: String) -> Bool {
        let (a, b) = (Array(a), Array(b))
        let (short, long) = a.count <= b.count ? (a, b) : (b, a)
        guard long.count - short.count <= 1 else { return false }
        var prefix = 0
        while prefix < short.count, short[prefix] == long[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < short.count - prefix, short[short.count - 1 - suffix] == long[long.count - 1 - suffix] { suffix += 1 }
        // What differs is between the common start and end: one character of each, or one of the longer only.
        if long.count - prefix - suffix == 1 && short.count - prefix - suffix <= 1 { return true }
        // Or two neighbours swapped: Valdimir, Vladimir.
        return short.count == long.count && long.count - prefix - suffix == 2 && short[prefix] == long[prefix + 1]
            && short[prefix + 1] == long[prefix]
    }

}
