import ArgumentParser
import DigestArchive
import DigestCore
import DigestSite
import Foundation

extension DigestCommand {
    struct Site: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "site",
            abstract: "Build the web archive: an index, a page and a PDF per issue, an Atom feed and a sitemap.",
            discussion: """
                Builds from the archive into .digest/site/ (git-ignored) unless --output names a folder. Only what \
                changed since the last build there is made again. Without WeasyPrint, says how to install it and \
                builds everything but the PDFs.
                """
        )

        @Option(help: ArgumentHelp("The folder to build into (default: .digest/site in the repository).", valueName: "DIR"))
        var output: String?

        @Flag(help: "Leave the PDF editions out, even when WeasyPrint is installed.")
        var noPDF = false

        func run() throws {
            let repository = try Repository.forCommand()
            let folder = output.map { URL(fileURLWithPath: $0) } ?? PublishedSite.defaultOutput(of: repository)
            let options = PublishedSite.options(for: repository, output: folder, pdf: !noPDF)
            let report: SiteReport
            do {
                let builder = try SiteGenerator(
                    repository: repository, templatesFolder: repository.root.appendingPathComponent("Templates"))
                report = try builder.build(options)
            } catch {
                throw CommandFailure(message: error.description, code: 2, isDiagnostic: true)
            }
            print(report.summary)
            if !report.hasFeed {
                FileHandle.standardError.write(
                    Data(
                        "digest: no feed or sitemap: they need site.base-url in digest.yaml, the https address the site is published at\n"
                            .utf8))
            }
            if report.pdfEngineMissing && !noPDF {
                FileHandle.standardError.write(Data("digest: \(PDFEngine.installAdvice)\n".utf8))
            }
            if !report.pdfFailures.isEmpty {
                throw CommandFailure(message: report.pdfFailures.joined(separator: "\n"), code: 1, isDiagnostic: true)
            }
        }
    }
}
