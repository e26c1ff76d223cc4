/// What `digest publish` calls after moving an issue, to bring the published site up to date.
///
/// `digest site` provides one; until it is there, publish prints the next step instead.
public protocol SiteBuilder: Sendable {
    /// Builds (or updates) the site from the repository's archive; returns what to tell the editor.
    func build(repository: Repository) throws -> String
}
