import DigestCore

/// The footer reads exactly as in the settings.
public struct FooterRule: Rule {
    public static let description = RuleDescription(
        identifier: "footer",
        summary: "The footer must be the publication's footer, word for word",
        rationale: """
            The footer is how readers learn what the digest is and how to subscribe; an altered \
            contact address loses subscribers. `--fix` restores it from digest.yaml.
            """,
        severity: .error, scope: .structure,
        triggering: [
            RuleExample(
                "“US-Japan Alliance Digest” is a bi-weekly summary of bilateral and related developments compiled by Sasakawa USA’s “US-Japan NEXT Alliance Initiative.” To receive “Alliance Digest” via email, ↓contact",
                in: .footer
            ).expecting("the footer stops short; after \"contact\" it must go on \"egulum@spfusa.org\" as in digest.yaml"),
            RuleExample(
                "“US-Japan Alliance Digest” is a ↓weekly summary of bilateral and related developments compiled by Sasakawa USA’s “US-Japan NEXT Alliance Initiative.” To receive “Alliance Digest” via email, contact egulum@spfusa.org",
                in: .footer
            ).expecting("the footer must read as in digest.yaml: \"bi-weekly\" here, not \"weekly\""),
        ],
        nonTriggering: [
            RuleExample(
                "“US-Japan Alliance Digest” is a bi-weekly summary of bilateral and related developments compiled by Sasakawa USA’s “US-Japan NEXT Alliance Initiative.” To receive “Alliance Digest” via email, contact egulum@spfusa.org",
                in: .footer)
        ],
        corrections: [
            RuleCorrection(
                "“US-Japan Alliance Digest” is a bi-weekly summary. To receive it, contact egulum@spfusa.org.",
                "“US-Japan Alliance Digest” is a bi-weekly summary of bilateral and related\ndevelopments compiled by Sasakawa USA’s “US-Japan NEXT Alliance Initiative.”\nTo receive “Alliance Digest” via email, contact egulum@spfusa.org",
                in: .footer)
        ])

    public init() {}

    /// Where the footer is wrapped when `--fix` restores it.
    static let lineWidth = 78

    public func check(_ context: LintContext) -> [Finding] {
        guard let body = context.issue.footer.body, !body.lines.isEmpty else { return [] }
        let expected = context.settings.publication.footer
        let written = body.text
        guard written != expected else { return [] }
        let writtenWords = written.split(separator: " ", omittingEmptySubsequences: false)
        let expectedWords = expected.split(separator: " ", omittingEmptySubsequences: false)
        let same = zip(writtenWords, expectedWords).prefix { $0 == $1 }.count
        let message: String
        if same == writtenWords.count {
            message =
                "the footer stops short; after \(WorkLimits.quoted(String(writtenWords.last ?? ""))) it must go on \"\(expectedWords[same...].prefix(4).joined(separator: " "))\" as in digest.yaml"
        } else if same == expectedWords.count {
            message =
                "the footer goes on after \"\(expectedWords.last ?? "")\" with \(WorkLimits.quoted(writtenWords[same...].prefix(4).joined(separator: " "))); end it as in digest.yaml"
        } else {
            message =
                "the footer must read as in digest.yaml: \"\(expectedWords[same])\" here, not \(WorkLimits.quoted(String(writtenWords[same])))"
        }
        // Point at the first word that differs, or at the last word when the footer stops short.
        let pointed = min(same, writtenWords.count - 1)
        let pointedOffset = writtenWords.prefix(pointed).reduce(0) { $0 + $1.unicodeScalars.count + 1 }
        let position = body.range(atOffset: pointedOffset, length: max(1, writtenWords[pointed].unicodeScalars.count))
        // A footer with comments or directives inside is left for the editor to mend.
        let plain = body.pieces.allSatisfy { if case .line(let line) = $0 { line.directive == nil } else { false } }
        let fix =
            plain ? Fix(range: body.range, replacement: TextWrapper.wrap(expected, width: Self.lineWidth).joined(separator: "\n")) : nil
        return [Finding(range: position, message: message, fix: fix)]
    }
}
