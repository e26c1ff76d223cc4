import DigestArchive
import DigestCore
import DigestSite
import DigestTestSupport
import Foundation

/// The address the test sites are published at.
let testBaseURL = "https://www.example.org/alliance-digest/"

/// A throwaway newsletter repository (this project's settings, templates and archive, or
/// some of its issues) with a site folder, removed when the value is no longer used.
final class SiteFixture: Sendable {
    let root: URL
    let output: URL

    /// A copy of the archive, or of the archived issues named in `only`.
    init(only: [String]? = nil) throws {
        let manager = FileManager.default
        root = manager.temporaryDirectory.appendingPathComponent("digest-site-\(UUID().uuidString)", isDirectory: true)
        output = root.appendingPathComponent("out", isDirectory: true)
        let archive = root.appendingPathComponent("seeds/archive")
        try manager.createDirectory(at: archive, withIntermediateDirectories: true)
        try manager.copyItem(at: projectRoot.appendingPathComponent("digest.yaml"), to: root.appendingPathComponent("digest.yaml"))
        try manager.copyItem(at: projectRoot.appendingPathComponent("Templates"), to: root.appendingPathComponent("Templates"))
        let source = projectRoot.appendingPathComponent("seeds/archive")
        for name in try manager.contentsOfDirectory(atPath: source.path) where only?.contains(name) ?? true {
            try manager.copyItem(at: source.appendingPathComponent(name), to: archive.appendingPathComponent(name))
        }
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    var archive: URL { root.appendingPathComponent("seeds/archive") }

    func builder() throws -> SiteGenerator {
        try SiteGenerator(repository: try Repository.locate(from: root), templatesFolder: root.appendingPathComponent("Templates"))
    }

    /// Builds the site into `output`, with the feed and sitemap, without PDFs unless an engine is given.
    @discardableResult
    func build(pdfEngine: PDFEngine? = nil, paper: Paper = .a4) throws -> SiteReport {
        try builder().build(SiteOptions(output: output, baseURL: testBaseURL, paper: paper, pdfEngine: pdfEngine))
    }

    func read(_ path: String) throws -> String {
        String(decoding: try Data(contentsOf: output.appendingPathComponent(path)), as: UTF8.self)
    }

    /// Every file of the site (the manifest aside) with its inode: a file written again,
    /// by the rename that replaces it whole, has a new one.
    func inodes() throws -> [String: UInt64] {
        var inodes: [String: UInt64] = [:]
        let enumerator = FileManager.default.enumerator(atPath: output.path)
        while let path = enumerator?.nextObject() as? String {
            let attributes = try FileManager.default.attributesOfItem(atPath: output.appendingPathComponent(path).path)
            guard attributes[.type] as? FileAttributeType == .typeRegular, path != ".digest-site" else { continue }
            inodes[path] = (attributes[.systemFileNumber] as? NSNumber)?.uint64Value
        }
        return inodes
    }

    /// The site's HTML pages, relative to its root.
    func pages() throws -> [String] {
        try inodes().keys.filter { $0.hasSuffix(".html") }.sorted()
    }
}
