import DigestCore
import Foundation
import Testing

@Suite("Atomic file writes")
struct AtomicFileTests {
    /// A fresh folder, removed when the test ends.
    final class Folder {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("digest-atomic-\(UUID().uuidString)")
        init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: url) }
        func callAsFunction(_ name: String) -> URL { url.appendingPathComponent(name) }
        var names: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted() }
    }

    static func mode(_ url: URL) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int) ?? -1
    }

    @Test("a replaced file keeps its exact mode", arguments: [0o600, 0o640, 0o644, 0o400, 0o2750])
    func keepsMode(permissions: Int) throws {
        let folder = try Folder()
        let file = folder("list.csv")
        try Data("old\n".utf8).write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: file.path)
        try AtomicFile.write("new\n", to: file)
        #expect(try Self.mode(file) == permissions)
        #expect(try String(contentsOf: file, encoding: .utf8) == "new\n")
        #expect(folder.names == ["list.csv"], "the temporary file is left behind")
    }

    @Test("a new file gets 0600 when private, never more than 0666 less the umask otherwise")
    func newFiles() throws {
        let folder = try Folder()
        try AtomicFile.write("a", to: folder("private"), newFile: .private)
        #expect(try Self.mode(folder("private")) == 0o600)
        try AtomicFile.write("a", to: folder("ordinary"))
        #expect(try Self.mode(folder("ordinary")) & ~0o666 == 0)
        // A folder shared by its group (set-group-ID) shares a private file with that group.
        let shared = folder("shared")
        try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o2770], ofItemAtPath: shared.path)
        try AtomicFile.write("a", to: shared.appendingPathComponent("list.csv"), newFile: .private)
        #expect(try Self.mode(shared.appendingPathComponent("list.csv")) & 0o007 == 0)
    }

    @Test("a symbolic link (relative, absolute, a chain, or to no file yet) is written through; the link stays")
    func throughLinks() throws {
        let folder = try Folder()
        let real = folder("real/target.issue")
        try FileManager.default.createDirectory(at: folder("real"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: folder("drafts"), withIntermediateDirectories: true)
        try Data("old".utf8).write(to: real)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: real.path)
        try FileManager.default.createSymbolicLink(
            atPath: folder("drafts/relative.issue").path, withDestinationPath: "../real/target.issue")
        try FileManager.default.createSymbolicLink(atPath: folder("drafts/absolute.issue").path, withDestinationPath: real.path)
        try FileManager.default.createSymbolicLink(atPath: folder("drafts/chain.issue").path, withDestinationPath: "relative.issue")
        for name in ["relative", "absolute", "chain"] {
            try AtomicFile.write("via \(name)", to: folder("drafts/\(name).issue"))
            #expect(try String(contentsOf: real, encoding: .utf8) == "via \(name)")
            #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: folder("drafts/\(name).issue").path)) != nil)
            #expect(try Self.mode(real) == 0o640)
        }
        try FileManager.default.createSymbolicLink(atPath: folder("drafts/dangling.issue").path, withDestinationPath: "../real/new.issue")
        try AtomicFile.write("new", to: folder("drafts/dangling.issue"))
        #expect(try String(contentsOf: folder("real/new.issue"), encoding: .utf8) == "new")
        #expect(folder.names == ["drafts", "real"])
        try FileManager.default.createSymbolicLink(atPath: folder("loop").path, withDestinationPath: "loop")
        #expect(throws: FileWriteError.self) { try AtomicFile.write("x", to: folder("loop")) }
    }

    @Test("create refuses a name that is taken, even by a link to nothing, and leaves no temporary file")
    func createRefuses() throws {
        let folder = try Folder()
        try AtomicFile.create("first", at: folder("new.issue"))
        #expect(throws: FileWriteError.self) { try AtomicFile.create("second", at: folder("new.issue")) }
        try FileManager.default.createSymbolicLink(atPath: folder("planted").path, withDestinationPath: "/nonexistent/x")
        do {
            try AtomicFile.create("third", at: folder("planted"))
            Issue.record("a planted link was written through")
        } catch {
            #expect(error.exists)
        }
        #expect(try String(contentsOf: folder("new.issue"), encoding: .utf8) == "first")
        #expect(folder.names == ["new.issue", "planted"])
    }

    @Test("a folder that cannot be written is an error that names the file; the old file is untouched")
    func unwritableFolder() throws {
        guard getuid() != 0 else { return }  // root writes anywhere
        let folder = try Folder()
        let file = folder("list.csv")
        try Data("old".utf8).write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o500], ofItemAtPath: folder.url.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: folder.url.path) }
        #expect(throws: FileWriteError.self) { try AtomicFile.write("new", to: file) }
        #expect(try String(contentsOf: file, encoding: .utf8) == "old")
    }
}
