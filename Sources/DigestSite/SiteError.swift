import DigestArchive
import DigestCore
import DigestRender

/// What can stop `digest site`.
public enum SiteError: Error, Sendable, CustomStringConvertible {
    /// The archive cannot be listed or read.
    case archive(ArchiveError)
    /// The templates cannot be read or do not parse.
    case render(RenderError)
    /// A template the site needs is not in the templates folder.
    case missingTemplate(name: String, folder: String)
    /// Archived issues with format errors: the site would publish what they do not certainly say.
    case malformedIssues([Diagnostic])
    /// Two archived issues carry the same volume and number, so they would share a page.
    case duplicateNumber(first: String, second: String, volumeAndNumber: String)
    /// A file of the site cannot be written.
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case .archive(let error):
            error.description
        case .render(let error):
            error.description
        case .missingTemplate(let name, let folder):
            "\(folder): there is no \(name).mustache, which `digest site` needs; restore it from the digest repository"
        case .malformedIssues(let diagnostics):
            diagnostics.map(\.formatted).joined(separator: "\n")
                + "\nthe archive has format errors; mend them (`digest lint`) and build the site again"
        case .duplicateNumber(let first, let second, let volumeAndNumber):
            "\(second): Vol \(volumeAndNumber) is also \(first); give one of them its right number"
        case .io(let path, let reason):
            "\(path): \(reason)"
        }
    }
}
