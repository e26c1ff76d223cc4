import DigestCore

/// A lead image has alternative text, and alternative text has an image.
public struct LeadImageAltRule: Rule {
    public static let description = RuleDescription(
        identifier: "image-alt",
        summary: "A lead image needs its alternative text in \"Image Alt:\"",
        rationale: """
            Screen readers read the alternative text aloud, and mail clients that block images show \
            it in the image's place: without it, those readers get nothing, or the file's name.
            """,
        severity: .error, scope: .structure,
        triggering: [
            RuleExample(
                "US-Japan Alliance Digest Vol 2.6\nDate: 2023-04-06\nImage: ↓lead.png\nImage Source: Reuters\n", in: .issue,
                files: ["lead.png": .png(width: 1600, height: 900)]
            ).expecting(
                "the lead image has no alternative text; add a line \"Image Alt: …\" under \"Image:\" that says what the picture shows"),
            RuleExample(
                "US-Japan Alliance Digest Vol 2.6\nDate: 2023-04-06\nImage Alt: ↓Two ministers shake hands\n", in: .issue
            ).expecting("\"Image Alt\" describes no image; add a line \"Image: FILE\" naming the picture, or delete this line"),
        ],
        nonTriggering: [
            RuleExample(
                "US-Japan Alliance Digest Vol 2.6\nDate: 2023-04-06\nImage: lead.png\nImage Alt: Two ministers shake hands\n",
                in: .issue, files: ["lead.png": .png(width: 1600, height: 900)]),
            RuleExample("US-Japan Alliance Digest Vol 2.6\nDate: 2023-04-06\nImage Source: Reuters\n", in: .issue),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        if let image = context.issue.leadImage {
            guard image.alt == nil else { return [] }
            return [
                Finding(
                    range: image.location.range,
                    message:
                        "the lead image has no alternative text; add a line \"Image Alt: …\" under \"Image:\" that says what the picture shows"
                )
            ]
        }
        guard let alt = context.issue.field(.imageAlt) else { return [] }
        return [
            Finding(
                range: alt.valueLocation.range,
                message: "\"Image Alt\" describes no image; add a line \"Image: FILE\" naming the picture, or delete this line")
        ]
    }
}
