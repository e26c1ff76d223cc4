import DigestCore

/// A sentence is not run into the next one: "March 8.US Assistant".
public struct RunOnSentenceRule: Rule {
    public static let description = RuleDescription(
        identifier: "run-on-sentence",
        summary: "A space follows the end of a sentence",
        rationale: """
            "on March 8.US Assistant Secretaries" hides the start of a sentence. Abbreviations \
            like U.S. and decimals like 22.5% are not sentence ends, so only a lowercase letter \
            or digit, a full stop, ? or !, and then a capital and a lowercase letter is flagged.
            """,
        severity: .error, scope: .prose,
        triggering: [
            RuleExample("Equipment was sent on March 8.↓US Assistant Secretaries arrived.").expecting(
                "put a space after \".\" to start the next sentence"),
            RuleExample("The talks ended.↓The next round is in May.").expecting("put a space after \".\" to start the next sentence"),
        ],
        nonTriggering: [
            RuleExample("Japan holds a 22.5% share; see egulum@spfusa.org or spfusa.org."),
            RuleExample("The U.S. Army and Adm. Samuel Paparo met."),
        ],
        corrections: [
            RuleCorrection("The talks ended.The next round is in May.", "The talks ended. The next round is in May.")
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for item in context.prose {
            let text = item.text
            let scalars = text.scalars
            guard scalars.count >= 4 else { continue }
            // Where the last space and the last "@" or "/" before `index` are, kept as the
            // loop goes: looking back through a long token at each full stop in it made a
            // line without spaces quadratic.
            var lastSpace = scalars[0].isSpace ? 0 : -1
            var lastAddressMark = scalars[0] == "@" || scalars[0] == "/" ? 0 : -1
            for index in 1..<(scalars.count - 2) {
                defer {
                    if scalars[index].isSpace { lastSpace = index }
                    if scalars[index] == "@" || scalars[index] == "/" { lastAddressMark = index }
                }
                guard ScalarSet.sentenceEnds.contains(scalars[index]) else { continue }
                let before = scalars[index - 1]
                let next = scalars[index + 1]
                let afterNext = scalars[index + 2]
                guard before.isLowercaseLetter || before.isDigit,
                    next.isUppercaseLetter, afterNext.isLetter || afterNext.isUppercaseLetter,
                    !text.isMarkup[index], !text.isMarkup[index + 1]
                else { continue }
                // Not inside a word such as an address (spfusa.org) or a file name.
                if scalars[index] == ".", lastAddressMark > lastSpace { continue }
                findings.append(
                    Finding(
                        range: text.range(index + 1, 1),
                        message: "put a space after \"\(Character(scalars[index]))\" to start the next sentence",
                        fix: text.fix(index + 1, 0, " ")))
            }
        }
        return findings
    }
}
