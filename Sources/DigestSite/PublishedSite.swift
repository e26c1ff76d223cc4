import DigestArchive
import Foundation

/// The site `digest publish` brings up to date after moving an issue into the archive: the
/// repository's own, built as `digest site` builds it (into `.digest/site/`, with the
/// settings' address and paper, the PDFs when WeasyPrint is installed).
public struct PublishedSite: DigestArchive.SiteBuilder {
    public init() {}

    /// Where `digest site` builds without `--output`.
    public static func defaultOutput(of repository: Repository) -> URL {
        repository.root.appendingPathComponent(".digest/site", isDirectory: true)
    }

    /// The options `digest site` builds `repository` with into `output`, with or without PDFs.
    public static func options(for repository: Repository, output: URL, pdf: Bool) -> SiteOptions {
        let settings = repository.settings.site
        return SiteOptions(
            output: output, baseURL: settings.baseURL, paper: Paper(rawValue: settings.paper) ?? .a4, feedEntries: settings.feedEntries,
            pdfEngine: pdf ? PDFEngine.find(searchPath: ProcessInfo.processInfo.environment["PATH"]) : nil)
    }

    public func build(repository: Repository) throws -> String {
        let options = Self.options(for: repository, output: Self.defaultOutput(of: repository), pdf: true)
        let generator = try SiteGenerator(repository: repository, templatesFolder: repository.root.appendingPathComponent("Templates"))
        let report = try generator.build(options)
        var lines = [report.summary]
        if report.pdfEngineMissing { lines.append(PDFEngine.installAdvice) }
        lines += report.pdfFailures
        return lines.joined(separator: "\n")
    }
}
