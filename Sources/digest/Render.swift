import ArgumentParser
import DigestArchive
import DigestCore
import DigestRender
import DigestSend
import Foundation

extension DigestCommand {
    struct Render: ParsableCommand {
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

        func run() throws {
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

    struct Preview: ParsableCommand {
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

        func run() throws {
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
                let preview = IssuePreview(renderer: renderer, issue: issue, issueFile: URL(fileURLWithPath: path), recipient: reader)
                try preview.write(named: name, into: target.url) { (text, file) throws(ArchiveError) in
                    try target.write(text, named: file)
                    print(displayPath(of: target.url.appendingPathComponent(file)))
                }
            } catch {
                throw CommandFailure.usage(error.description)
            }
        }
    }
}

extension IssueRendering {
    /// ``load(_:settings:root:editions:displayPath:)`` in `repository`, its failures as exit codes:
    /// 2 for a file or template that cannot be read, 1 for format errors in the issue.
    static func load(_ path: String, repository: Repository, editions: [Edition]? = nil) throws -> (Renderer, Issue) {
        do {
            return try load(path, settings: repository.settings, root: repository.root, editions: editions) { displayPath(of: $0) }
        } catch {
            switch error {
            case .unreadable: throw CommandFailure.usage(error.description)
            case .malformed: throw CommandFailure(message: error.description, code: 1, isDiagnostic: true)
            case .templates: throw CommandFailure(message: error.description, code: 2, isDiagnostic: true)
            }
        }
    }
}
