import DigestCore
import DigestTestSupport
import Foundation
import Testing

/// Where the tests find their inputs and golden files.
enum TestFiles {
    /// The fixtures as copied into the test bundle (`resources: [.copy("Fixtures")]`).
    static let fixtures: URL = {
        guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            fatalError("the Fixtures folder is missing from the test bundle")
        }
        return url
    }()

    /// The fixtures in the source tree, where golden files are read and recorded.
    static let sourceFixtures = projectRoot.appendingPathComponent("Tests/DigestCoreTests/Fixtures")

    /// The published issues in `seeds/archive`, sorted by name.
    static func archiveIssues() -> [URL] {
        let folder = projectRoot.appendingPathComponent("seeds/archive")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".issue") }.sorted().map { folder.appendingPathComponent($0) }
    }

    /// The files in a fixture folder with the given extension, as names without the extension.
    static func fixtureNames(in folder: String, extension ext: String) -> [String] {
        let url = fixtures.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { $0.hasSuffix("." + ext) }.map { String($0.dropLast(ext.count + 1)) }.sorted()
    }

    static func bytes(of url: URL) throws -> [UInt8] {
        Array(try Data(contentsOf: url))
    }

    static func fixtureBytes(_ relativePath: String) throws -> [UInt8] {
        try bytes(of: fixtures.appendingPathComponent(relativePath))
    }

    static func fixtureText(_ relativePath: String) throws -> String {
        String(decoding: try fixtureBytes(relativePath), as: UTF8.self)
    }
}

extension ParseResult {
    /// The diagnostics as an editor shows them, in reading order.
    var formattedDiagnostics: [String] {
        diagnostics.sortedAndDeduplicated().map(\.formatted)
    }

    var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
}

/// Parses a fixture or archive file the way `digest lint` would, naming it by its file name.
func parseFile(_ url: URL) throws -> ParseResult {
    Settings.thisRepository.parser.parse(bytes: try TestFiles.bytes(of: url), path: url.lastPathComponent)
}

extension DigestCore.Issue {
    /// The issue with its fields in the order the printer writes them: `Date`,
    /// `Image Source`, then any others as written.
    var withCanonicalFieldOrder: DigestCore.Issue {
        let order = FieldName.allCases.map(\.rawValue)
        var copy = self
        copy.fields = fields.enumerated().sorted { a, b in
            let rankA = order.firstIndex(of: a.element.name) ?? order.count
            let rankB = order.firstIndex(of: b.element.name) ?? order.count
            return (rankA, a.offset) < (rankB, b.offset)
        }.map(\.element)
        return copy
    }
}
