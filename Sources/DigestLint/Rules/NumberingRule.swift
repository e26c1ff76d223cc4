import DigestCore

/// Vol V.N follows the previous issue: no number repeated, and no gap after the archive.
public struct NumberingRule: Rule {
    public static let description = RuleDescription(
        identifier: "numbering",
        summary: "The issue number follows the previous issue's, with no gap and no repeat",
        rationale: """
            Subscribers and the web archive count issues; a repeated number overwrites an issue \
            on the site and a gap looks like a lost issue. Gaps inside the archive are history \
            (it holds only the issues that were imported), so a gap is checked for drafts only.
            """,
        severity: .error, scope: .archive,
        triggering: [
            RuleExample(
                "↓US-Japan Alliance Digest Vol 2.7\nDate: 2023-04-06\n", in: .issue,
                archive: ["US-Japan Alliance Digest Vol 2.5\nDate: 2023-03-23\n"]
            ).expecting("this issue should be Vol 2.6 after Vol 2.5 (archive/0.issue), not Vol 2.7"),
            RuleExample(
                "↓US-Japan Alliance Digest Vol 2.5\nDate: 2023-04-06\n", in: .issue,
                archive: ["US-Japan Alliance Digest Vol 2.5\nDate: 2023-03-23\n"]
            ).expecting("Vol 2.5 is also archive/0.issue; give this issue the next free number"),
        ],
        nonTriggering: [
            RuleExample(
                "US-Japan Alliance Digest Vol 2.6\nDate: 2023-04-06\n", in: .issue,
                archive: ["US-Japan Alliance Digest Vol 2.5\nDate: 2023-03-23\n"]),
            RuleExample(
                "US-Japan Alliance Digest Vol 3.1\nDate: 2024-01-04\n", in: .issue,
                archive: ["US-Japan Alliance Digest Vol 2.26\nDate: 2023-12-21\n"]),
            RuleExample(
                "US-Japan Alliance Digest Vol 1.16\nDate: 2022-08-11\n", in: .issue,
                archive: ["US-Japan Alliance Digest Vol 1.5\nDate: 2022-03-10\n"], isDraft: false),
        ],
        corrections: [
            RuleCorrection(
                RuleExample(
                    "US-Japan Alliance Digest Vol 2.7\nDate: 2023-04-06\n", in: .issue,
                    archive: ["US-Japan Alliance Digest Vol 2.5\nDate: 2023-03-23\n"]),
                "US-Japan Alliance Digest Vol 2.6\nDate: 2023-04-06\n")
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let title = context.issue.title else { return [] }
        let range = title.location.range
        let places = context.corpus.places
        if let twin = context.otherIndices.first(where: { places[$0].number.map { $0 == (title.volume, title.number) } ?? false })
            .map({ context.corpus.entries[$0] })
        {
            return [
                Finding(range: range, message: "Vol \(title.volumeAndNumber) is also \(twin.path); give this issue the next free number")
            ]
        }
        guard context.isDraft, let previous = context.previousIssue, let before = previous.number,
            let beforeVolumeAndNumber = previous.volumeAndNumber
        else { return [] }
        // The date says which volume the issue is in; a title that disagrees is also the title rule's finding.
        let volume = context.issue.date.flatMap { context.settings.schedule.volume(for: $0) } ?? title.volume
        let expected = before.volume == volume ? before.number + 1 : 1
        guard volume != title.volume || expected != title.number else { return [] }
        let wanted = context.settings.title(volume: volume, number: expected)
        let gap =
            volume == before.volume
            ? "after Vol \(beforeVolumeAndNumber) (\(previous.path))" : "as the first issue of Vol \(volume)"
        return [
            Finding(
                range: range, message: "this issue should be Vol \(volume).\(expected) \(gap), not Vol \(title.volumeAndNumber)",
                fix: title.name == context.settings.publication.name ? Fix(range: range, replacement: wanted) : nil)
        ]
    }
}
