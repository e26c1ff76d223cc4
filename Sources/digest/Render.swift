import ArgumentParser
import DigestArchive
import DigestCore
import DigestRender
import DigestSend
import Foundation

extension DigestCommand {
    struct Render: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "render",
            abstract: "Render an issue as plain text, an HTML email or a web page, through Templates/.",
            discussion: "Prints to standard output unless --output names a file. An issue with format errors is refused (exit 1)."
        )

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, html, web

            var edition: Edition {
                switch self {
                case .text: .text
                case .html: .html
                case .web: .web
                }
            }
        }

        @Argument(help: "The issue file.")
        var path: String

        @Option(help: "The edition: text, html (the email) or web.")
        var format: Format = .text

        @Option(help: ArgumentHelp("Write the edition to this file instead of standard output.", valueName: "FILE"))
        var output: String?

        func run() async throws {
            let repository = try Repository.forCommand()
            let (renderer, issue) = try IssueRendering.load(path, repository: repository)
            let image = issue.leadImage?.header(besideIssueAt: URL(fileURLWithPath: path))
            let text = renderer.render(
                issue, edition: format.edition, recipient: PreviewReader.recipient(settings: repository.settings), image: image)
            guard let output else {
                print(text, terminator: "")
                return
            }
            do {
                try AtomicFile.write(text, to: URL(fileURLWithPath: output))
            } catch {
                throw CommandFailure.usage("\(output): cannot write the file (\(error.localizedDescription))")
            }
        }
    }

    struct Preview: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "preview",
            abstract: "Write all three editions of an issue to a folder and print where they are."
        )

        @Argument(help: "The issue file.")
        var path: String

        @Option(
            help: ArgumentHelp(
                "The folder to write to (default: .digest/preview/NAME in the repository, readable by you alone).", valueName: "FOLDER"))
        var folder: String?

        func run() async throws {
            let repository = try Repository.forCommand()
            let (renderer, issue) = try IssueRendering.load(path, repository: repository)
            let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            let reader = PreviewReader.recipient(settings: repository.settings)
            do throws(ArchiveError) {
                let target =
                    if let folder {
                        try PrivateFolder(named: URL(fileURLWithPath: folder))
                    } else {
                        try PrivateFolder(repository.previewFolder.appendingPathComponent(name), below: repository.root)
                    }
                let image = issue.leadImage?.header(besideIssueAt: URL(fileURLWithPath: path))
                for edition in Edition.allCases {
                    let file = "\(name).\(edition.fileExtension)"
                    try target.write(renderer.render(issue, edition: edition, recipient: reader, image: image), named: file)
                    print(displayPath(of: target.url.appendingPathComponent(file)))
                }
                // The web edition names the image as the site does, beside the page.
                if let lead = issue.leadImage, image != nil, let layout = SiteLayout(issue: issue) {
                    let copy = target.url.appendingPathComponent(layout.imageFileName(for: lead))
                    try? FileManager.default.removeItem(at: copy)
                    try? FileManager.default.copyItem(at: lead.url(besideIssueAt: URL(fileURLWithPath: path)), to: copy)
                }
            } catch {
                throw CommandFailure.usage(error.description)
            }
        }
    }
}

/// Reading an issue and the templates for `render` and `preview`.
enum IssueRendering {
    static func load(_ path: String, repository: Repository) throws -> (Renderer, Issue) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure.usage("\(path): cannot read the file")
        }
        let parsed = repository.settings.parser.parse(bytes: Array(data), path: path)
        guard parsed.isWellFormed else {
            throw CommandFailure(
                message: parsed.diagnostics.filter { $0.severity == .error }.map(\.formatted).joined(separator: "\n")
                    + "\n\(path) has format errors; mend them before rendering",
                code: 1, isDiagnostic: true)
        }
        let folder = repository.root.appendingPathComponent("Templates")
        do {
            let renderer = try Renderer(templatesFolder: folder, settings: repository.settings, displayFolder: displayPath(of: folder))
            return (renderer, parsed.issue)
        } catch {
            throw CommandFailure(message: error.description, code: 2, isDiagnostic: true)
        }
    }
}
