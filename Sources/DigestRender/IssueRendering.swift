import DigestCore
import Foundation

/// The issue and the templates `render`, `preview` and `send` start from: the issue file
/// read and parsed, refused when it has format errors, and the repository's `Templates/`.
public enum IssueRendering {
    /// Why there is nothing to render.
    public enum Failure: Error, Sendable, CustomStringConvertible {
        /// The issue file cannot be read.
        case unreadable(path: String)
        /// The issue has format errors: each one, then what to do.
        case malformed(path: String, errors: [Diagnostic])
        /// The templates cannot be read or do not parse.
        case templates(RenderError)

        public var description: String {
            switch self {
            case .unreadable(let path): "\(path): cannot read the file"
            case .malformed(let path, let errors):
                errors.map(\.formatted).joined(separator: "\n") + "\n\(path) has format errors; mend them before rendering"
            case .templates(let error): error.description
            }
        }
    }

    /// The issue at `path` and a renderer over the `Templates` folder in `root`, for
    /// `editions` only when they are given (``Renderer/init(templatesFolder:settings:displayFolder:editions:)``).
    public static func load(
        _ path: String, settings: Settings, root: URL, editions: [Edition]? = nil, displayPath: (URL) -> String
    ) throws(Failure) -> (Renderer, Issue) {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path: path) }
        let parsed = settings.parser.parse(bytes: Array(data), path: path)
        guard parsed.isWellFormed else {
            throw .malformed(path: path, errors: parsed.diagnostics.filter { $0.severity == .error })
        }
        let folder = root.appendingPathComponent("Templates")
        do {
            let renderer = try Renderer(templatesFolder: folder, settings: settings, displayFolder: displayPath(folder), editions: editions)
            return (renderer, parsed.issue)
        } catch {
            throw .templates(error)
        }
    }
}
