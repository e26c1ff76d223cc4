import DigestCore

/// Two accepted spellings of one word ("adviser" and "advisor", "defense" and "defence"):
/// an issue keeps to one, and to the one the archive uses.
enum SpellingVariants {
    /// Each spelling with its partner, both ways, in lowercase.
    static let partners: [String: String] = {
        let pairs = [
            ("adviser", "advisor"), ("advisers", "advisors"), ("defense", "defence"), ("defenses", "defences"),
            ("program", "programme"), ("programs", "programmes"), ("center", "centre"), ("centers", "centres"),
            ("organization", "organisation"), ("organizations", "organisations"), ("license", "licence"),
            ("judgment", "judgement"), ("toward", "towards"), ("labor", "labour"), ("honor", "honour"),
            ("modernization", "modernisation"), ("realize", "realise"), ("catalog", "catalogue"), ("favor", "favour"),
            ("cooperation", "co-operation"), ("coordination", "co-ordination"), ("percent", "per-cent"),
            ("railgun", "rail-gun"), ("stand-off", "standoff"), ("counterstrike", "counter-strike"),
        ]
        var partners: [String: String] = [:]
        for (a, b) in pairs {
            partners[a] = b
            partners[b] = a
        }
        return partners
    }()

    /// Lowercase uses only: a capitalized one is part of a name (Ministry of Defence).
    static func findings(_ context: LintContext) -> [Finding] {
        // Each variant spelling's first use, with its place in reading order.
        var first: [String: (item: LintContext.ProseItem, word: Word, place: Int)] = [:]
        var place = 0
        for item in context.prose {
            for word in item.text.words {
                place += 1
                guard !word.isCapitalized, partners[word.withoutPossessive] != nil, first[word.withoutPossessive] == nil else { continue }
                first[word.withoutPossessive] = (item, word, place)
            }
        }
        var findings: [Finding] = []
        for (spelling, use) in first.sorted(by: { $0.value.place < $1.value.place }) {
            let partner = partners[spelling]!
            let range = use.item.text.range(use.word.offset, spelling.unicodeScalars.count)
            if let other = first[partner] {
                // Both spellings in this issue: the later one is the slip.
                if other.place < use.place {
                    findings.append(
                        Finding(range: range, message: "\"\(spelling)\" is also written \"\(partner)\" in this issue; use one spelling"))
                }
                continue
            }
            // The archive uses the partner and never this spelling.
            guard context.lexicon.archiveCount(spelling) == 0,
                let elsewhere = context.index.capitalisationVariant(of: "", lowercase: partner, excluding: context.filePath),
                elsewhere.spelling == partner
            else { continue }
            findings.append(
                Finding(range: range, message: "\"\(spelling)\" is written \"\(partner)\" in \(elsewhere.path); use one spelling"))
        }
        return findings
    }
}
