/// What can go wrong rendering an issue.
public enum RenderError: Error, Sendable, CustomStringConvertible {
    /// A template does not parse; the position is in the template file.
    case template(path: String, line: Int, column: Int, message: String)
    /// A template the edition needs is not in the templates folder.
    case missingTemplate(name: String, folder: String)
    /// The templates folder cannot be read.
    case unreadable(path: String, reason: String)
    /// The issue has format errors, so what it says is not certain.
    case malformedIssue(path: String)

    public var description: String {
        switch self {
        case .template(let path, let line, let column, let message):
            "\(path):\(line):\(column): error: \(message) [template]"
        case .missingTemplate(let name, let folder):
            "\(folder): there is no \(name).mustache; restore it from the digest repository"
        case .unreadable(let path, let reason):
            "\(path): \(reason)"
        case .malformedIssue(let path):
            "\(path) has format errors; run `digest lint \(path)` and mend them first"
        }
    }
}
