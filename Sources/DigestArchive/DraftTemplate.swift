import DigestCore

/// The text of a new draft: title, date, five headline and detail placeholders and the footer.
public enum DraftTemplate {
    /// How many headline and detail placeholders a new draft has.
    public static let placeholderCount = 5
    /// Where the footer is wrapped.
    public static let lineWidth = 78

    public static func text(for next: NextIssue, settings: Settings) -> String {
        var lines: [String] = []
        lines.append("# \(settings.title(volume: next.volume, number: next.number)), a new draft.")
        lines.append("# Lines starting with \"#\" are comments and never render. Replace each TODO;")
        lines.append("# a detail may wrap onto lines indented by two spaces. README.md has the rest.")
        lines.append(settings.title(volume: next.volume, number: next.number))
        lines.append("Date: \(next.date.iso)")
        lines.append("# Image Source: credit the lead image here and remove the \"# \", or delete this line.")
        lines.append("")
        lines.append("Headlines")
        for index in 1...placeholderCount {
            lines.append("- TODO headline \(index), in sentence case with no final period")
        }
        lines.append("")
        lines.append("Details")
        for index in 1...placeholderCount {
            lines.append("- TODO detail \(index): the story of headline \(index), with its key names, places")
            lines.append("  and dates")
        }
        lines.append("")
        lines.append("Footer")
        lines += TextWrapper.wrap(settings.publication.footer, width: lineWidth)
        return lines.joined(separator: "\n") + "\n"
    }
}
