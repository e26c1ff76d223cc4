import DigestCore

/// The title names the publication and its volume agrees with the year of the date.
public struct TitleRule: Rule {
    public static let description = RuleDescription(
        identifier: "title",
        summary: "The title names the publication as digest.yaml does, and its volume is the year's",
        rationale: """
            One volume per calendar year (Vol 1 = 2022): an issue dated in 2023 is in Vol 2. A \
            misspelt publication name in the title reaches every subscriber's inbox.
            """,
        severity: .error, scope: .structure,
        triggering: [
            RuleExample("↓US-Japan Alliance Digests Vol 2.6\nDate: 2023-04-06\n", in: .issue).expecting(
                "the title must name \"US-Japan Alliance Digest\": \"US-Japan Alliance Digest Vol 2.6\""),
            RuleExample("↓US-Japan Alliance Digest Vol 3.6\nDate: 2023-04-06\n", in: .issue).expecting(
                "an issue dated 2023-04-06 is in Vol 2 (one volume per year from 2022), not Vol 3; check the title and the date"),
        ],
        nonTriggering: [RuleExample("US-Japan Alliance Digest Vol 2.6\nDate: 2023-04-06\n", in: .issue)],
        corrections: [
            RuleCorrection(
                RuleExample("US-Japan Alliance Digests Vol 2.6\nDate: 2023-04-06\n", in: .issue),
                "US-Japan Alliance Digest Vol 2.6\nDate: 2023-04-06\n")
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let title = context.issue.title else { return [] }
        var findings: [Finding] = []
        let settings = context.settings
        let range = title.location.range
        if title.name != settings.publication.name {
            let correct = settings.title(volume: title.volume, number: title.number)
            findings.append(
                Finding(
                    range: range, message: "the title must name \"\(settings.publication.name)\": \"\(correct)\"",
                    fix: Fix(range: range, replacement: correct)))
        }
        if let date = context.issue.date, let volume = settings.schedule.volume(for: date), volume != title.volume {
            findings.append(
                Finding(
                    range: range,
                    message:
                        "an issue dated \(date) is in Vol \(volume) (one volume per year from \(settings.schedule.firstVolumeYear)), not Vol \(title.volume); check the title and the date"
                ))
        }
        return findings
    }
}
