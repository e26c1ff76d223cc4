import DigestCore

/// The lead image is wide enough to be sharp in the email and light enough to download.
public struct LeadImageSizeRule: Rule {
    /// Twice the email's 600 px column, for screens with two pixels to a point.
    public static let minimumWidth = 1200

    public static let description = RuleDescription(
        identifier: "image-size",
        summary: "The lead image is at least 1,200 px wide and no heavier than site.max-image-size (500 KB)",
        rationale: """
            The email shows the image 600 px wide; phones and laptops draw that with 1,200 pixels, \
            so a narrower image looks blurred. Every reader downloads it with the email, often on a \
            phone, so its weight has a limit the settings name.
            """,
        severity: .error, scope: .structure,
        triggering: [
            RuleExample(
                "US-Japan Alliance Digest Vol 2.6\nDate: 2023-04-06\nImage: ↓lead.png\nImage Alt: A ship\n", in: .issue,
                files: ["lead.png": .png(width: 800, height: 450)]
            ).expecting("the lead image is 800 px wide; the email needs 1,200 px or more to be sharp, so use a larger original"),
            RuleExample(
                "US-Japan Alliance Digest Vol 2.6\nDate: 2023-04-06\nImage: ↓lead.png\nImage Alt: A ship\n", in: .issue,
                files: ["lead.png": .png(width: 2400, height: 1350, size: 900_000)]
            ).expecting(
                "the lead image weighs 879 KB, over the 500 KB of site.max-image-size; save it smaller (JPEG at quality 80, or 2,400 px wide at most)"
            ),
        ],
        nonTriggering: [
            RuleExample(
                "US-Japan Alliance Digest Vol 2.6\nDate: 2023-04-06\nImage: lead.png\nImage Alt: A ship\n", in: .issue,
                files: ["lead.png": .png(width: 1200, height: 675, size: 500 * 1024)])
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        // A missing or unreadable file is image-file's finding.
        guard let image = context.issue.leadImage, image.staysInIssueFolder,
            let file = context.files.file(at: context.pathBesideIssue(image.path)),
            case .success(let header) = ImageHeader.read(file.head)
        else { return [] }
        var findings: [Finding] = []
        if header.width < Self.minimumWidth {
            findings.append(
                Finding(
                    range: image.location.range,
                    message:
                        "the lead image is \(header.width.grouped) px wide; the email needs \(Self.minimumWidth.grouped) px or more to be sharp, so use a larger original"
                ))
        }
        let limit = context.settings.site.maxImageSize
        if file.size > limit {
            findings.append(
                Finding(
                    range: image.location.range,
                    message:
                        "the lead image weighs \(Self.kilobytes(file.size)), over the \(Self.kilobytes(limit)) of site.max-image-size; save it smaller (JPEG at quality 80, or 2,400 px wide at most)"
                ))
        }
        return findings
    }

    /// `812 KB`, in 1,024s as the settings count.
    static func kilobytes(_ bytes: Int) -> String {
        "\(((bytes + 1023) / 1024).grouped) KB"
    }
}
