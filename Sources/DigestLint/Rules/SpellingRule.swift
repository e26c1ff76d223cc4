import DigestCore

/// Words are in the dictionary, the publication's word list, or the archive.
public struct SpellingRule: Rule {
    /// Prefixes written with a hyphen that the dictionary does not list alone.
    static let prefixes: Set<String> = [
        "anti", "co", "counter", "cross", "inter", "intra", "mid", "multi", "non", "post", "pre", "pro", "re", "semi", "sub",
        "super", "trans", "ultra", "vice",
    ]
    /// A capitalized word shorter than this is taken as a name without question.
    static let shortestNameChecked = 5

    public static let description = RuleDescription(
        identifier: "spelling",
        summary: "Every word is in the dictionary, in lint.words, or used in two or more archived issues",
        rationale: """
            Misspelt names and words undermine a reader's trust ("PacFleet Commader Paparo"). The \
            dictionary is Debian's wamerican-large (SCOWL); the publication's own names and terms \
            come from lint.words in digest.yaml and from the archive, where a word used in two \
            issues is taken as deliberate. An unknown capitalized word is taken as a name unless \
            it is one letter away from a known word.
            """,
        severity: .error, scope: .prose,
        triggering: [
            RuleExample("US Pacific Fleet ↓Commader Paparo hosted the chiefs.").expecting(
                "unknown word \"Commader\"; did you mean \"Commander\"? If it is a name, add it to lint.words in digest.yaml"),
            RuleExample("Cooperating with ↓likeminded allies and ↓partnrs.").expecting(
                "unknown word \"likeminded\"; did you mean \"like-minded\"? If it is right, add it to lint.words in digest.yaml",
                "unknown word \"partnrs\"; did you mean \"partners\"? If it is right, add it to lint.words in digest.yaml"),
        ],
        nonTriggering: [
            RuleExample("Foreign Minister Hayashi met Kritenbrink and Masuda in Tokyo on co-development and multi-faceted ties."),
            RuleExample("The AN/TPY-2 radar, 5G networks, the EPCC and Japan’s allies’ F-35s."),
            RuleExample("Governor Denny Tamaki met Richard Marles and Astellas Pharma."),
            RuleExample("Defense Minister Kihara met Tamaki, Kenji Hideo and Yamada."),
            RuleExample("The chipmaker Rapidus issued a communiqué."),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        let lexicon = context.lexicon
        guard !lexicon.wordList.isEmpty else { return [] }
        let prose = context.prose
        // A name written the same way twice in one issue is taken as deliberate; a variant
        // of it is the consistent-terms rule's business.
        // Counted when an unknown name first needs them, which most issues never have.
        var counted: [String: Int]?
        func uses(_ spelling: String) -> Int {
            if counted == nil {
                var counts: [String: Int] = [:]
                for item in prose {
                    for word in item.text.words { counts[word.withoutPossessive, default: 0] += 1 }
                }
                counted = counts
            }
            return counted?[spelling] ?? 0
        }
        return context.memo.listedWords.withValues { listed in
            // Words repeat within an issue and across the archive: whether the lists know a
            // word is worked out once per lint worker, and what the archive knows (which
            // depends on the issue) once per issue.
            var known: [String: Bool] = [:]
            func knows(_ word: String) -> Bool {
                let word = Lexicon.curlyApostrophes(word)
                if listed.value(for: word, orMake: { lexicon.isListed(word) }) { return true }
                return known.value(for: word, orMake: { lexicon.knowsBeyondLists(word) })
            }
            return check(prose, knows: knows, uses: uses, lexicon: lexicon)
        }
    }

    private func check(
        _ prose: [LintContext.ProseItem], knows: (String) -> Bool, uses: (String) -> Int, lexicon: Lexicon
    ) -> [Finding] {
        var findings: [Finding] = []
        // An unknown word is often written many times; its suggestions are worked out once.
        var suggested: [String: [String]] = [:]
        for item in prose {
            let text = item.text
            for word in text.words {
                let whole = word.withoutPossessive
                guard !word.hasDigit, !word.isAcronym, !knows(whole) else { continue }
                var partOffset = word.offset
                let parts = whole.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
                for (index, part) in parts.enumerated() {
                    defer { partOffset += part.unicodeScalars.count + 1 }
                    if part.count < 2 || knows(part) { continue }
                    let length = part.unicodeScalars.count
                    // Suggestions try every one-letter edit, each as long as the word: work that
                    // grows with the square of its length. No word is this long.
                    if length > WorkLimits.longestWord {
                        findings.append(
                            Finding(
                                range: text.range(partOffset, length),
                                message:
                                    "unknown word \(WorkLimits.quoted(part)), longer than any word (\(WorkLimits.longestWord) characters at most); put in the missing spaces, or add it to lint.words in digest.yaml"
                            ))
                        continue
                    }
                    if index < parts.count - 1, Self.prefixes.contains(part.lowercased()) { continue }
                    // The rest of a hyphenated name: "Suk-yeol", "Jong-un".
                    if index > 0, parts[0].first?.isUppercase == true, !knows(parts[0]) { continue }
                    if part.count >= 2, part.allSatisfy({ !$0.isLetter || $0.isUppercase }) { continue }
                    let isName = part.first?.isUppercase == true
                    if isName && (part.count < Self.shortestNameChecked || uses(part) > 1) { continue }
                    // Part of a run of names: "Denny Tamaki", "Astellas Pharma".
                    if isName, index == 0, Self.followsAName(word, in: text, lexicon: lexicon) { continue }
                    // A Japanese name the dictionary lacks (Kihara, Tamaki): read only for such a word.
                    if isName, JapaneseNames.system.contains(part) { continue }
                    // A word of the larger dictionary (telecom, uncrewed) that is no two words run together.
                    if !isName, WordList.extended.contains(part), Self.splits(of: part, lexicon: lexicon).isEmpty { continue }
                    // A name's likely slip drops or swaps a letter of a common word (Commader);
                    // one with a letter more than a common word is likely a name (Rapidus).
                    let suggestions = suggested.value(for: part) {
                        isName
                            ? lexicon.suggestions(for: part).filter {
                                // A slip seldom changes a name's first letter: Pharma is no Dharma.
                                $0.first == part.first
                                    && ($0.count >= part.count || lexicon.houseWords.contains($0) || lexicon.archiveCount($0) > 0)
                            }
                            : lexicon.suggestions(for: part) + Self.splits(of: part, lexicon: lexicon)
                    }
                    if isName && suggestions.isEmpty { continue }
                    let advice =
                        suggestions.isEmpty
                        ? "check the spelling, or add it to lint.words in digest.yaml"
                        : "did you mean \(suggestions.prefix(3).map { "\"\($0)\"" }.joined(separator: " or "))? "
                            + (isName
                                ? "If it is a name, add it to lint.words in digest.yaml"
                                : "If it is right, add it to lint.words in digest.yaml")
                    findings.append(
                        Finding(
                            range: text.range(partOffset, length),
                            message: "unknown word \"\(part)\"; \(advice)"))
                }
            }
        }
        return findings
    }

    /// Whether the word comes right after a capitalized word that is not a common word and
    /// does not start a sentence: then both are taken as one name.
    static func followsAName(_ word: Word, in text: ProseText, lexicon: Lexicon) -> Bool {
        guard let index = text.wordIndex(atOffset: word.offset), index > 0 else { return false }
        let previous = text.words[index - 1]
        guard previous.isCapitalized, text.string(previous.offset + previous.length..<word.offset) == " " else { return false }
        let previousWord = previous.withoutPossessive
        // A given name the dictionary knows capitalized: Mark Rutte.
        if lexicon.wordList.containsExactly(previousWord) && previousWord.count >= 3 { return true }
        guard !lexicon.wordList.isCommonWord(previousWord) else { return false }
        var offset = previous.offset - 1
        while offset >= 0, text.scalars[offset] == " " || text.scalars[offset] == "“" { offset -= 1 }
        return offset >= 0 && !ScalarSet.sentenceEnds.contains(text.scalars[offset])
    }

    /// Two known words run together, suggested with a hyphen: likeminded → like-minded.
    static func splits(of word: String, lexicon: Lexicon) -> [String] {
        let characters = Array(word)
        guard characters.count >= 6 else { return [] }
        var results: [String] = []
        for index in 3...(characters.count - 3) {
            let left = String(characters[..<index])
            let right = String(characters[index...])
            if lexicon.wordList.isCommonWord(left), lexicon.wordList.isCommonWord(right) {
                results.append("\(left)-\(right)")
            }
        }
        return Array(results.prefix(1))
    }
}
