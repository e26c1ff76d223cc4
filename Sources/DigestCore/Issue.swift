/// One issue of the newsletter, as written in the issue format (see the README, "The issue format").
///
/// Every part keeps where it was written, so later stages (lint, render) can point back at
/// the text. Two issues are equal when they say the same thing: where it was written does
/// not take part in equality (see ``NodeLocation``).
public struct Issue: Equatable, Sendable {
    public var title: Title?
    /// `Date:`, `Image:`, `Image Alt:`, `Image Source:` and any other header fields, in the order written.
    public var fields: [Field]
    /// Comments after the header fields that a blank line separates from the `Headlines` heading.
    public var headerComments: [Comment] = []
    public var headlines: Section
    public var details: Section
    public var footer: Footer
    /// Comments after the last line of the footer.
    public var trailingComments: [Comment]

    public init(
        title: Title? = nil, fields: [Field] = [], headlines: Section = Section(), details: Section = Section(),
        footer: Footer = Footer(), trailingComments: [Comment] = []
    ) {
        self.title = title
        self.fields = fields
        self.headlines = headlines
        self.details = details
        self.footer = footer
        self.trailingComments = trailingComments
    }

    /// The value of the first field with this name, such as `Date`.
    public func field(_ name: FieldName) -> Field? {
        fields.first { $0.name == name.rawValue }
    }

    /// The issue date from the `Date:` field, when it is a valid `YYYY-MM-DD`.
    public var date: IssueDate? {
        field(.date).flatMap { IssueDate(iso: $0.value) }
    }

    /// The lead image credit from `Image Source:`, when there is one.
    public var imageCredit: String? {
        field(.imageSource)?.value
    }

    /// The lead image the `Image:` field names, with its `Image Alt:` text and
    /// `Image Source:` credit; `nil` when the issue has no `Image:` field.
    public var leadImage: LeadImage? {
        guard let image = field(.image) else { return nil }
        let alt = field(.imageAlt)
        return LeadImage(
            path: image.value, alt: alt?.value, credit: imageCredit, location: image.valueLocation,
            altLocation: alt?.valueLocation)
    }
}

/// The header fields the format knows, in the order the canonical form writes them.
public enum FieldName: String, CaseIterable, Sendable {
    case date = "Date"
    case image = "Image"
    case imageAlt = "Image Alt"
    case imageSource = "Image Source"
}

/// Where a node was written.
///
/// Locations never take part in equality: an issue printed in canonical form and parsed
/// again is the same issue, though its lines moved.
public struct NodeLocation: Hashable, Sendable {
    public var range: SourceRange

    public init(_ range: SourceRange) {
        self.range = range
    }

    public static func == (lhs: NodeLocation, rhs: NodeLocation) -> Bool { true }
    public func hash(into hasher: inout Hasher) {}
}

/// A line starting with `#` in the first column. It never renders.
public struct Comment: Equatable, Sendable {
    /// The whole line, `#` included.
    public var text: String
    public var location: NodeLocation

    public init(text: String, location: NodeLocation) {
        self.text = text
        self.location = location
    }
}

/// The title line: `US-Japan Alliance Digest Vol 2.6`.
public struct Title: Equatable, Sendable {
    public var leadingComments: [Comment]
    /// The whole line as written.
    public var text: String
    /// The publication name the title pattern's `{name}` matched.
    public var name: String
    public var volume: Int
    public var number: Int
    public var location: NodeLocation

    public init(leadingComments: [Comment] = [], text: String, name: String, volume: Int, number: Int, location: NodeLocation) {
        self.leadingComments = leadingComments
        self.text = text
        self.name = name
        self.volume = volume
        self.number = number
        self.location = location
    }

    /// `2.6`.
    public var volumeAndNumber: String { "\(volume).\(number)" }
}

/// A header line `Name: value`.
public struct Field: Equatable, Sendable {
    public var leadingComments: [Comment]
    public var name: String
    public var value: String
    public var nameLocation: NodeLocation
    public var valueLocation: NodeLocation

    public init(leadingComments: [Comment] = [], name: String, value: String, nameLocation: NodeLocation, valueLocation: NodeLocation) {
        self.leadingComments = leadingComments
        self.name = name
        self.value = value
        self.nameLocation = nameLocation
        self.valueLocation = valueLocation
    }
}

/// A section heading line (`Headlines`, `Details`, `Footer`).
public struct Heading: Equatable, Sendable {
    public var leadingComments: [Comment]
    public var location: NodeLocation

    public init(leadingComments: [Comment] = [], location: NodeLocation) {
        self.leadingComments = leadingComments
        self.location = location
    }
}

/// The `Headlines` or `Details` section: a heading and a bullet list.
public struct Section: Equatable, Sendable {
    /// `nil` when the section is missing.
    public var heading: Heading?
    public var items: [Item]

    public init(heading: Heading? = nil, items: [Item] = []) {
        self.heading = heading
        self.items = items
    }
}

/// One bullet: a headline, or a detail paragraph that may wrap over several lines.
public struct Item: Equatable, Sendable {
    public var leadingComments: [Comment]
    /// Where the `-` marker is.
    public var marker: NodeLocation
    public var body: Paragraph

    public init(leadingComments: [Comment] = [], marker: NodeLocation, body: Paragraph) {
        self.leadingComments = leadingComments
        self.marker = marker
        self.body = body
    }

    /// The text with its links and emphasis.
    public var inlines: [Inline] { InlineParser.parse(body).inlines }

    /// The text without markup, as a reader sees it.
    public var plainText: String { Inline.plainText(of: inlines) }
}

/// The `Footer` section: a heading and one paragraph.
public struct Footer: Equatable, Sendable {
    public var heading: Heading?
    public var body: Paragraph?

    public init(heading: Heading? = nil, body: Paragraph? = nil) {
        self.heading = heading
        self.body = body
    }
}
