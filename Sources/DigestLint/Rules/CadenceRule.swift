import DigestCore

/// The date is one cadence after the previous issue.
public struct CadenceRule: Rule {
    public static let description = RuleDescription(
        identifier: "cadence",
        summary: "The date is one cadence (digest.yaml: 14 days) after the previous issue",
        rationale: """
            Readers expect the digest every two weeks. A date off the schedule is often a typo; \
            when it is deliberate (a holiday), the warning says by how much, and a directive can \
            silence it.
            """,
        severity: .warning, scope: .archive,
        triggering: [
            RuleExample(
                "US-Japan Alliance Digest Vol 2.6\nDate: ↓2023-04-10\n", in: .issue,
                archive: ["US-Japan Alliance Digest Vol 2.5\nDate: 2023-03-23\n"]
            ).expecting("2023-04-10 is 4 days late: Vol 2.5 was 2023-03-23, so with an issue every 14 days Vol 2.6 is due 2023-04-06"),
            RuleExample(
                "US-Japan Alliance Digest Vol 2.6\nDate: ↓2023-03-20\n", in: .issue,
                archive: ["US-Japan Alliance Digest Vol 2.5\nDate: 2023-03-23\n"]
            ).expecting("2023-03-20 is not after Vol 2.5 of 2023-03-23 (archive/0.issue); check the date"),
        ],
        nonTriggering: [
            RuleExample(
                "US-Japan Alliance Digest Vol 2.6\nDate: 2023-04-06\n", in: .issue,
                archive: ["US-Japan Alliance Digest Vol 2.5\nDate: 2023-03-23\n"]),
            RuleExample(
                "US-Japan Alliance Digest Vol 1.16\nDate: 2022-08-11\n", in: .issue,
                archive: ["US-Japan Alliance Digest Vol 1.5\nDate: 2022-03-10\n"]),
        ])
    // A draft after a late draft is checked against the published schedule (see `check`).

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let title = context.issue.title, let date = context.issue.date, let field = context.issue.field(.date),
            let previous = context.previousIssue, let before = previous.volumeAndNumber, let previousDate = previous.date
        else { return [] }
        let range = field.valueLocation.range
        let cadence = context.settings.schedule.cadenceDays
        if date <= previousDate {
            return [
                Finding(
                    range: range,
                    message: "\(date) is not after Vol \(before) of \(previousDate) (\(previous.path)); check the date")
            ]
        }
        // The schedule runs from the latest published issue of the volume, so one draft that is
        // off schedule does not make the next, correctly dated draft look off too.
        var anchor = previous
        for index in context.otherIndices {
            let place = context.corpus.places[index]
            guard !place.isDraft, let number = place.number, place.date != nil, number.volume == title.volume,
                number.number < title.number
            else { continue }
            if anchor.isDraft || (anchor.number.map { number.number > $0.number } ?? true) { anchor = context.corpus.entries[index] }
        }
        guard let anchorNumber = anchor.number, let anchorVolumeAndNumber = anchor.volumeAndNumber, let anchorDate = anchor.date else {
            return []
        }
        // Across a volume boundary the previous volume's last number is unknown; expect one cadence.
        let steps = anchorNumber.volume == title.volume ? title.number - anchorNumber.number : (title.number == 1 ? 1 : 0)
        guard steps > 0 else { return [] }
        let expected = anchorDate.adding(days: steps * cadence)
        let off = expected.days(until: date)
        guard off != 0 else { return [] }
        let howFar = "\(abs(off)) day\(abs(off) == 1 ? "" : "s") \(off > 0 ? "late" : "early")"
        return [
            Finding(
                range: range,
                message:
                    "\(date) is \(howFar): Vol \(anchorVolumeAndNumber) was \(anchorDate), so with an issue every \(cadence) days Vol \(title.volumeAndNumber) is due \(expected)"
            )
        ]
    }
}
