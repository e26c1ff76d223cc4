import DigestCore

/// The lead image is a JPEG, PNG or WebP file beside the issue.
public struct LeadImageFileRule: Rule {
    public static let description = RuleDescription(
        identifier: "image-file",
        summary: "The lead image is a JPEG, PNG or WebP file in the issue's folder",
        rationale: """
            The file moves with the issue into the archive and goes on the site, where every mail \
            client and browser must show it: only JPEG, PNG and WebP are safe everywhere, and a \
            file outside the issue's folder would be left behind.
            """,
        severity: .error, scope: .structure,
        triggering: [
            RuleExample("US-Japan Alliance Digest Vol 2.6\nDate: 2023-04-06\nImage: ↓missing.jpg\nImage Alt: A ship\n", in: .issue)
                .expecting("there is no file \"missing.jpg\" beside the issue; copy the picture there or correct the name"),
            RuleExample("US-Japan Alliance Digest Vol 2.6\nDate: 2023-04-06\nImage: ↓../lead.png\nImage Alt: A ship\n", in: .issue)
                .expecting(
                    "\"../lead.png\" is outside the issue's folder; put the picture beside the issue and name it here, such as \"2023-04-06-vol-2.6.png\""
                ),
            RuleExample(
                "US-Japan Alliance Digest Vol 2.6\nDate: 2023-04-06\nImage: ↓lead.gif\nImage Alt: A ship\n", in: .issue,
                files: ["lead.gif": LintFiles.File(size: 50_000, head: Array("GIF89a".utf8) + [0x40, 0x06, 0x84, 0x03])]
            ).expecting("\"lead.gif\" is not a JPEG, PNG or WebP image; save the picture in one of those (JPEG for photographs)"),
            RuleExample(
                "US-Japan Alliance Digest Vol 2.6\nDate: 2023-04-06\nImage: ↓lead.png\nImage Alt: A ship\n", in: .issue,
                files: ["lead.png": LintFiles.File(size: 10, head: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])]
            ).expecting("\"lead.png\" starts like a PNG but its size cannot be read; the file is cut short or damaged, so save it again"),
        ],
        nonTriggering: [
            RuleExample(
                "US-Japan Alliance Digest Vol 2.6\nDate: 2023-04-06\nImage: images/lead.png\nImage Alt: A ship\n", in: .issue,
                files: ["images/lead.png": .png(width: 1600, height: 900)])
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let image = context.issue.leadImage else { return [] }
        let range = image.location.range
        guard image.staysInIssueFolder else {
            return [
                Finding(
                    range: range,
                    message:
                        "\(WorkLimits.quoted(image.path)) is outside the issue's folder; put the picture beside the issue and name it here, such as \"\(Self.suggestedName(context, image))\""
                )
            ]
        }
        guard let file = context.files.file(at: context.pathBesideIssue(image.path)) else {
            return [
                Finding(
                    range: range,
                    message:
                        "there is no file \(WorkLimits.quoted(image.path)) beside the issue; copy the picture there or correct the name")
            ]
        }
        switch ImageHeader.read(file.head) {
        case .success: return []
        case .failure(.unknownFormat):
            return [
                Finding(
                    range: range,
                    message:
                        "\(WorkLimits.quoted(image.path)) is not a JPEG, PNG or WebP image; save the picture in one of those (JPEG for photographs)"
                )
            ]
        case .failure(.damaged(let format)):
            return [
                Finding(
                    range: range,
                    message:
                        "\(WorkLimits.quoted(image.path)) starts like a \(format.rawValue) but its size cannot be read; the file is cut short or damaged, so save it again"
                )
            ]
        }
    }

    /// `2023-04-06-vol-2.6.jpg`: the name the picture would have on the site.
    static func suggestedName(_ context: LintContext, _ image: LeadImage) -> String {
        let ext = image.fileExtension.isEmpty ? "jpg" : image.fileExtension
        return SiteLayout(issue: context.issue).map { "\($0.stem).\(ext)" } ?? "lead.\(ext)"
    }
}
