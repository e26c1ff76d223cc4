import Foundation
import Testing

@testable import DigestSite

@Suite("digest site: the build manifest")
struct SiteManifestTests {
    /// A summary whose text holds every character the manifest's lines escape.
    static let awkward = IssueSummary(
        volume: 3, number: 12, date: "2024-06-13", title: "Vol 3.12\twith a tab", headlineLine: "back\\slash · new\nline\r",
        image: nil, imageAlt: "", imageLocation: "4:8", indexEntry: "<article>\n<h3>\\t is not a tab</h3>\n</article>\n")

    @Test("a manifest reads back as it was written, tabs, line breaks, backslashes and absent fields included")
    func roundTrip() throws {
        var manifest = SiteManifest()
        manifest.files = ["index.html": "0123456789abcdef", "issues/a\tb.html": "fedcba9876543210"]
        manifest.issues = [
            "k1": Self.awkward,
            "k2": IssueSummary(
                volume: 1, number: 1, date: "2022-01-13", title: "Vol 1.1", headlineLine: "", image: "lead.jpg", imageAlt: nil,
                imageLocation: nil, indexEntry: ""),
        ]
        let bytes = manifest.serialized()
        #expect(SiteManifest.parse(bytes) == manifest)
        // One line per file and issue after the header: no field broke its line.
        #expect(bytes.filter { $0 == 0x0A }.count == 1 + 2 + 2)
        #expect(manifest.serialized() == bytes)
    }

    @Test("a damaged or foreign manifest is no manifest, so the build writes every file again")
    func damaged() {
        var manifest = SiteManifest()
        manifest.issues = ["k": Self.awkward]
        let bytes = manifest.serialized()
        #expect(SiteManifest.parse(Array(bytes.dropLast(5))) == nil)
        #expect(SiteManifest.parse(Array("{\"version\":2,\"files\":{}}\n".utf8)) == nil)
        #expect(SiteManifest.parse(Array("digest-site-manifest 3\ni\tk\tx\n".utf8)) == nil)
        #expect(SiteManifest.parse(Array("digest-site-manifest 3\nf\tindex.html\tbad\\q\n".utf8)) == nil)
    }

    @Test("a site an earlier version built (JSON manifest) is rebuilt whole and its old manifest removed")
    func legacy() throws {
        let fixture = try SiteFixture(only: ["2022-02-24-vol-1.4.issue"])
        try FileManager.default.createDirectory(at: fixture.output, withIntermediateDirectories: true)
        try Data("<p>old</p>".utf8).write(to: fixture.output.appendingPathComponent("index.html"))
        try Data("{\"version\":2,\"files\":{},\"issues\":{}}".utf8).write(
            to: fixture.output.appendingPathComponent(SiteManifest.legacyFileName))
        let report = try fixture.build()
        #expect(report.written.contains("index.html"))
        #expect(!FileManager.default.fileExists(atPath: fixture.output.appendingPathComponent(SiteManifest.legacyFileName).path))
        #expect(try fixture.build().written.isEmpty)
    }
}
