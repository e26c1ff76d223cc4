import DigestCore

/// A name's possessive written wrong: "Kojimas spokesperson" for Kojima’s, or "Astella’s"
/// for the possessive of Astellas.
enum PossessiveSlips {
    static func findings(_ context: LintContext) -> [Finding] {
        let wordList = context.lexicon.wordList
        // The capitalized spellings: written bare (not possessive) or only with ’s.
        var bare = Set<String>()
        var counts: [String: Int] = [:]
        for item in context.prose {
            for word in item.text.words where word.isCapitalized {
                counts[word.withoutPossessive, default: 0] += 1
                if word.withoutPossessive == word.text { bare.insert(word.text) }
            }
        }
        func isName(_ spelling: String) -> Bool {
            spelling.unicodeScalars.count >= 4 && !wordList.isCommonWord(spelling) && !spelling.containsNumber
                && spelling.dropFirst().allSatisfy { !$0.isUppercase }
        }
        func knownElsewhere(_ spelling: String) -> Bool { context.lexicon.archiveCount(spelling) > 0 }
        var findings: [Finding] = []
        var reported = Set<String>()
        for item in context.prose {
            let words = item.text.words
            for (index, word) in words.enumerated() where word.isCapitalized && !word.isAcronym {
                let spelling = word.withoutPossessive
                guard isName(spelling), !reported.contains(spelling) else { continue }
                if word.text == spelling, spelling.hasSuffix("s"), index + 1 < words.count, !words[index + 1].isCapitalized,
                    counts[spelling] == 1, !knownElsewhere(spelling), !wordList.contains(spelling)
                {
                    // "Kojimas spokesperson": the name Kojima, its apostrophe left out.
                    let name = String(spelling.dropLast())
                    // Israelis, Okinawans; but a Japanese name ending in i (Tamaki, Suzuki) is a
                    // name. The names are asked last: reading them costs a run 1.7 MB.
                    func isDemonym() -> Bool {
                        name.hasSuffix("an") || name.hasSuffix("ese") || name.hasSuffix("i") && !JapaneseNames.system.contains(name)
                    }
                    let between = item.text.string(word.offset + word.length..<words[index + 1].offset)
                    if between == " ", bare.contains(name) || knownElsewhere(name), isName(name),
                        !CommonWords.stopWords.contains(words[index + 1].lowercased), !isDemonym()
                    {
                        reported.insert(spelling)
                        findings.append(
                            Finding(
                                range: item.text.range(word.offset, word.length),
                                message: "\"\(spelling)\" reads as the possessive of \"\(name)\": write \"\(name)’s\""))
                    }
                } else if word.text != spelling, word.text.hasSuffix("s"), !bare.contains(spelling), !knownElsewhere(spelling) {
                    // "Astella’s" beside Astellas: the possessive of a name one "s" short.
                    let name = spelling + "s"
                    if bare.contains(name) || knownElsewhere(name) {
                        reported.insert(spelling)
                        findings.append(
                            Finding(
                                range: item.text.range(word.offset, word.length),
                                message: "the name is \"\(name)\" elsewhere: write its possessive \"\(name)’\""))
                    }
                }
            }
        }
        return findings
    }
}
