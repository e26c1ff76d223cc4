import ArgumentParser
import DigestArchive
import DigestCore
import Foundation

extension DigestCommand {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Convert a published issue (plain text or web-page copy) into the issue format.",
            discussion: """
                Writes the issue into the archive folder (digest.yaml) and prints its path, or to \
                --output. Site chrome is left out and each line left out is listed; an article or \
                any other document that is not an issue is refused.
                """
        )

        @Argument(help: "The published issue's text.")
        var file: String

        @Option(help: ArgumentHelp("The volume and number, when the text has no title line.", valueName: "V.N"))
        var volume: String?

        @Option(help: ArgumentHelp("The day the issue went out.", valueName: "YYYY-MM-DD"))
        var date: IssueDate?

        @Option(help: ArgumentHelp("Where to write the issue instead of the archive; - for standard output.", valueName: "FILE"))
        var output: String?

        func validate() throws {
            if let volume, Self.volumeAndNumber(volume) == nil {
                throw ValidationError("--volume must be V.N with whole numbers from 1, such as 1.5")
            }
        }

        static func volumeAndNumber(_ text: String) -> (volume: Int, number: Int)? {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, let volume = Int(parts[0]), let number = Int(parts[1]), volume >= 1, number >= 1 else {
                return nil
            }
            return (volume, number)
        }

        func run() throws {
            let repository = try Repository.forCommand()
            let url = URL(fileURLWithPath: file)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw CommandFailure.usage("\(file): cannot read the file")
            }
            do {
                let result = try Importer(settings: repository.settings).convert(
                    bytes: Array(data), path: file, volume: volume.flatMap(Self.volumeAndNumber), date: date)
                for note in result.notes {
                    FileHandle.standardError.write(Data("\(note.formatted)\n".utf8))
                }
                if output == "-" {
                    print(result.text, terminator: "")
                    return
                }
                let destination =
                    output.map { URL(fileURLWithPath: $0) }
                    ?? repository.archiveFolder.appendingPathComponent(
                        IssueCatalog.fileName(volume: result.volume, number: result.number, date: result.date))
                try NewFileWriter.write(result.text, to: destination)
                print(displayPath(of: destination))
            } catch {
                throw CommandFailure.usage(error.description)
            }
        }
    }
}
