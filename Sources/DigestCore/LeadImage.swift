import Foundation

/// The picture an issue opens with, as its header fields give it:
///
///     Image: 2023-04-06-vol-2.6.jpg
///     Image Alt: Prime Minister Kishida and President Biden at the White House
///     Image Source: Reuters
///
/// The file sits in the issue's folder (or below it), so that it moves with the issue from
/// the drafts into the archive. `digest lint` checks the file; the renderers show it.
public struct LeadImage: Equatable, Sendable {
    /// The file, relative to the folder holding the issue file, as written in `Image:`.
    public var path: String
    /// The alternative text from `Image Alt:`; `nil` when the field is missing (a lint error).
    public var alt: String?
    /// The credit from `Image Source:`, such as `Reuters`.
    public var credit: String?
    /// Where the `Image:` value was written.
    public var location: NodeLocation
    /// Where the `Image Alt:` value was written, when it was.
    public var altLocation: NodeLocation?

    public init(path: String, alt: String? = nil, credit: String? = nil, location: NodeLocation, altLocation: NodeLocation? = nil) {
        self.path = path
        self.alt = alt
        self.credit = credit
        self.location = location
        self.altLocation = altLocation
    }

    /// The file's extension, lowercased (`jpg`), or `""` when it has none.
    public var fileExtension: String {
        let name = path.split(separator: "/").last ?? ""
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }

    /// Whether the path stays inside the issue's folder: relative, and never climbing out
    /// with `..`. Only such a file can move with the issue.
    public var staysInIssueFolder: Bool {
        guard !path.hasPrefix("/"), !path.hasPrefix("~") else { return false }
        return !path.split(separator: "/", omittingEmptySubsequences: false).contains { $0 == ".." || $0.isEmpty }
    }
}

extension LeadImage {
    /// The image file's URL, for the issue file at `issueFile`.
    public func url(besideIssueAt issueFile: URL) -> URL {
        issueFile.deletingLastPathComponent().appendingPathComponent(path).standardizedFileURL
    }

    /// The header of the image file beside the issue file at `issueFile`; `nil` when the file
    /// is missing, outside the issue's folder or not an image (`digest lint` says which).
    public func header(besideIssueAt issueFile: URL) -> ImageHeader? {
        guard staysInIssueFolder, let handle = try? FileHandle(forReadingFrom: url(besideIssueAt: issueFile)) else { return nil }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 1 << 20) else { return nil }
        return try? ImageHeader.read(Array(head)).get()
    }
}
