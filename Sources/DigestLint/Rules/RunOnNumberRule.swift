import DigestCore

/// A word and a number are not run together: "March9", "9years".
public struct RunOnNumberRule: Rule {
    public static let description = RuleDescription(
        identifier: "run-on-number",
        summary: "A space separates a word from a number",
        rationale: """
            "from March9" is a slip of the keyboard. Model names (F-35s, 5G, E-2D, G7) and \
            ordinals (13th) are left alone: only a dictionary word of three or more letters run \
            into a number is flagged.
            """,
        severity: .error, scope: .prose,
        triggering: [
            RuleExample("They are in Tokyo from March↓9 to coordinate.").expecting("put a space between \"March\" and the number after it"),
            RuleExample("The site took 9↓years to build.").expecting("put a space between the number and \"years\""),
        ],
        nonTriggering: [
            RuleExample("The sale of F-35s, 5G networks and E-2D aircraft; the G7 met on the 13th."),
            RuleExample("A 3D flash memory plant and COVID-19 vaccines."),
            RuleExample("Web3 firms, the G20 and COVID19 testing."),
        ],
        corrections: [
            RuleCorrection("They are in Tokyo from March9 to coordinate.", "They are in Tokyo from March 9 to coordinate."),
            RuleCorrection("The site took 9years to build.", "The site took 9 years to build."),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        let wordList = context.lexicon.wordList
        for item in context.prose {
            let text = item.text
            for word in text.words {
                // Only a word with a figure can run one into letters; most words have none,
                // and are not copied into an array of scalars.
                guard word.text.unicodeScalars.contains(where: \.isDigit) else { continue }
                let scalars = Array(word.text.unicodeScalars)
                for index in 1..<max(scalars.count, 1) {
                    let before = scalars[index - 1]
                    let after = scalars[index]
                    let letterThenDigit = before.isLetter && after.isDigit
                    let digitThenLetter = before.isDigit && after.isLetter
                    guard letterThenDigit || digitThenLetter else { continue }
                    let letters: String
                    if letterThenDigit {
                        let run = scalars[..<index].reversed().prefix { $0.isLetter }
                        letters = String(unicodeScalars: run.reversed())
                    } else {
                        let run = scalars[index...].prefix { $0.isLetter }
                        letters = String(unicodeScalars: run)
                        // An ordinal or a unit: 13th, 2nd, 5G, 3D.
                        if ["st", "nd", "rd", "th", "s"].contains(letters.lowercased()) { continue }
                    }
                    // Letters then a figure is flagged only for a month ("March9"): Web3, G20 and
                    // COVID19 are names. A figure then a word is flagged for any common word.
                    if letterThenDigit {
                        guard CommonWords.months.contains(letters) else { continue }
                    } else {
                        guard letters.count >= 3, wordList.isCommonWord(letters) else { continue }
                    }
                    let offset = word.offset + index
                    findings.append(
                        Finding(
                            range: text.range(offset, 1),
                            message: letterThenDigit
                                ? "put a space between \"\(letters)\" and the number after it"
                                : "put a space between the number and \"\(letters)\"",
                            fix: text.fix(offset, 0, " ")))
                }
            }
        }
        return findings
    }
}
