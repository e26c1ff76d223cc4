import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("digest preview")
struct PreviewCommandTests {
    static let issue = "seeds/archive/2023-03-23-vol-2.5.issue"
    static let name = "2023-03-23-vol-2.5"

    /// The permission bits of the file or folder at `url`, not following a link.
    static func mode(_ url: URL) -> mode_t {
        var status = stat()
        return lstat(url.path, &status) == 0 ? status.st_mode & 0o777 : 0
    }

    /// The files anywhere under `url`.
    static func files(under url: URL) -> [String] {
        (FileManager.default.enumerator(atPath: url.path)?.allObjects as? [String]) ?? []
    }

    @Test("writes the three editions into .digest/preview/NAME, a folder only the editor can enter, for a reader with a real-length link")
    func privateFolder() throws {
        let checkout = try Checkout()
        let result = try digest(["preview", Self.issue], in: checkout.root)
        #expect(result.status == 0, "\(result.errors)")
        let folder = ".digest/preview/\(Self.name)"
        #expect(result.output == ["txt", "email.html", "html"].map { "\(folder)/\(Self.name).\($0)\n" }.joined())
        for path in [".digest", ".digest/preview", folder] {
            #expect(Self.mode(checkout.url(path)) == 0o700, "\(path) is \(String(Self.mode(checkout.url(path)), radix: 8))")
        }
        // The footer's link is a reader's: their address and a 32-digit token, as a send makes it.
        let email = try String(contentsOf: checkout.url("\(folder)/\(Self.name).email.html"), encoding: .utf8)
        #expect(email.contains(/href="mailto:egulum@spfusa\.org\?subject=unsubscribe%20sample\.reader%40example\.org%20[0-9a-f]{32}"/))
        let text = try String(contentsOf: checkout.url("\(folder)/\(Self.name).txt"), encoding: .utf8)
        #expect(
            text.split(separator: "\n").contains {
                $0.wholeMatch(of: /mailto:egulum@spfusa\.org\?subject=unsubscribe%20sample\.reader%40example\.org%20[0-9a-f]{32}/) != nil
            })
    }

    @Test("a symbolic link planted on the way to the preview is refused, and nothing is written through it")
    func plantedFolderLinks() throws {
        for planted in [".digest", ".digest/preview", ".digest/preview/\(Self.name)"] {
            let checkout = try Checkout()
            let elsewhere = checkout.url("elsewhere")
            try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(
                at: checkout.url(planted).deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(at: checkout.url(planted), withDestinationURL: elsewhere)
            // The old shared folder under the temporary folder, planted too: it must not be used.
            let temporary = checkout.url("tmp")
            let shared = checkout.url("shared")
            try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(at: temporary.appendingPathComponent("digest-preview"), withDestinationURL: shared)
            let result = try digest(["preview", Self.issue], in: checkout.root, environment: ["TMPDIR": temporary.path])
            #expect(result.status == 2, "\(planted): \(result.output)")
            #expect(result.errors.contains("\(planted): is a symbolic link"), "\(result.errors)")
            #expect(Self.files(under: elsewhere).isEmpty && Self.files(under: shared).isEmpty)
        }
    }

    @Test("a link planted as a preview file is replaced, never written through")
    func plantedFileLink() throws {
        let checkout = try Checkout()
        #expect(try digest(["preview", Self.issue], in: checkout.root).status == 0)
        let victim = checkout.url("victim.txt")
        try Data("untouched\n".utf8).write(to: victim)
        let file = checkout.url(".digest/preview/\(Self.name)/\(Self.name).txt")
        try FileManager.default.removeItem(at: file)
        try FileManager.default.createSymbolicLink(at: file, withDestinationURL: victim)
        #expect(try digest(["preview", Self.issue], in: checkout.root).status == 0)
        #expect(try String(contentsOf: victim, encoding: .utf8) == "untouched\n")
        #expect(try FileManager.default.attributesOfItem(atPath: file.path)[.type] as? FileAttributeType == .typeRegular)
    }

    @Test("a preview folder others may enter is made private; one that belongs to another user is refused")
    func othersFolders() throws {
        let checkout = try Checkout()
        let preview = checkout.url(".digest/preview")
        try FileManager.default.createDirectory(at: preview, withIntermediateDirectories: true)
        chmod(preview.path, 0o777)
        #expect(try digest(["preview", Self.issue], in: checkout.root).status == 0)
        #expect(Self.mode(preview) == 0o700)
        // Only root can give a folder away; as another user this half cannot be set up.
        guard geteuid() == 0 else { return }
        #expect(chown(preview.path, 65534, 65534) == 0)
        let result = try digest(["preview", Self.issue], in: checkout.root)
        #expect(result.status == 2)
        #expect(result.errors.contains(".digest/preview: belongs to another user (uid 65534)"), "\(result.errors)")
    }

    @Test("--folder makes the folder it names, and refuses one that is a symbolic link")
    func namedFolder() throws {
        let checkout = try Checkout()
        let result = try digest(["preview", Self.issue, "--folder", "out/preview"], in: checkout.root)
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.hasPrefix("out/preview/\(Self.name).txt\n"))
        #expect(Self.mode(checkout.url("out/preview")) == 0o700)
        try FileManager.default.createDirectory(at: checkout.url("elsewhere"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: checkout.url("linked"), withDestinationURL: checkout.url("elsewhere"))
        let linked = try digest(["preview", Self.issue, "--folder", "linked"], in: checkout.root)
        #expect(linked.status == 2)
        #expect(linked.errors.contains("linked: is a symbolic link"), "\(linked.errors)")
        #expect(Self.files(under: checkout.url("elsewhere")).isEmpty)
    }
}
