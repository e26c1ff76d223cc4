// Renders personalised copies (text + HTML email) of an archived issue as fast as it can and
// prints how many per second, so rendering can be held against the send rate.
//
//   swift run -c release render-benchmark [COPIES] [ISSUE]
import DigestCore
import DigestRender
import Foundation

let arguments = CommandLine.arguments.dropFirst()
let copies = arguments.first.flatMap(Int.init) ?? 20_000
let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
let archive = root.appendingPathComponent("seeds/archive")
let archived = (try? FileManager.default.contentsOfDirectory(atPath: archive.path)) ?? []
let latest = archived.filter { $0.hasSuffix(".issue") }.sorted().last.map { archive.appendingPathComponent($0).path }
let issuePath = arguments.dropFirst().first ?? latest ?? ""
guard let data = FileManager.default.contents(atPath: issuePath) else {
    FileHandle.standardError.write(Data("render-benchmark: cannot read \(issuePath); run it from the repository root\n".utf8))
    exit(2)
}
let settings = try SettingsFile.load(from: root.appendingPathComponent("digest.yaml"))
let issue = settings.parser.parse(bytes: Array(data), path: issuePath).issue
let renderer = try Renderer(templatesFolder: root.appendingPathComponent("Templates"), settings: settings)

var bytes = 0
let start = Date()
// As a send does: the templates once, then one personalised copy per subscriber.
let text = renderer.prepare(issue, edition: .text)
let html = renderer.prepare(issue, edition: .html)
for index in 0..<copies {
    let reader = Recipient(
        name: "Reader \(index)", unsubscribeURL: "https://list.example.org/unsubscribe/\(String(index, radix: 16))")
    bytes += text.personalized(for: reader).utf8.count
    bytes += html.personalized(for: reader).utf8.count
}
let seconds = Date().timeIntervalSince(start)
print("rendered \(copies) personalised copies (text + HTML) of \(URL(fileURLWithPath: issuePath).lastPathComponent)")
print(
    String(
        format: "%.0f copies per second, %.1f µs per copy, %.1f MB of output", Double(copies) / seconds, seconds / Double(copies) * 1e6,
        Double(bytes) / 1e6))
