import DigestArchive
import Foundation
import Testing

@Suite("Finding the issue files in a folder")
struct IssueFilesTests {
    @Test("every .issue file under the folder, subfolders and hidden ones included, sorted by path; not folders, nor folders behind links")
    func listing() throws {
        let scratch = try TestRepository(archive: [:])
        let archive = scratch.root.appendingPathComponent("seeds/archive")
        for path in [
            "2022-01-13-vol-1.1.issue", "b/2022-01-27-vol-1.2.issue", "a/deeper/2022-02-10-vol-1.3.issue",
            ".hidden/2022-02-24-vol-1.4.issue", "notes.txt", "a/image.png", "issue",
        ] {
            try scratch.write("text", to: "seeds/archive/\(path)")
        }
        let manager = FileManager.default
        try manager.createDirectory(at: archive.appendingPathComponent("folder.issue"), withIntermediateDirectories: true)
        try scratch.write("text", to: "seeds/archive/folder.issue/2022-03-10-vol-1.5.issue")
        try scratch.write("text", to: "elsewhere/2022-03-24-vol-1.6.issue")
        try manager.createSymbolicLink(
            atPath: archive.appendingPathComponent("linked.issue").path,
            withDestinationPath: archive.appendingPathComponent("b/2022-01-27-vol-1.2.issue").path)
        try manager.createSymbolicLink(
            atPath: archive.appendingPathComponent("linked-folder").path,
            withDestinationPath: scratch.root.appendingPathComponent("elsewhere").path)
        try manager.createSymbolicLink(
            atPath: archive.appendingPathComponent("gone.issue").path,
            withDestinationPath: scratch.root.appendingPathComponent("nothing").path)

        let files = try IssueCatalog.issueFiles(in: archive)
        let prefix = archive.standardizedFileURL.path + "/"
        #expect(
            files.map { String($0.path.dropFirst(prefix.count)) } == [
                ".hidden/2022-02-24-vol-1.4.issue", "2022-01-13-vol-1.1.issue", "a/deeper/2022-02-10-vol-1.3.issue",
                "b/2022-01-27-vol-1.2.issue", "folder.issue/2022-03-10-vol-1.5.issue", "linked.issue",
            ])
        #expect(files.allSatisfy { $0.path.hasPrefix(prefix) && $0.isFileURL })
    }

    @Test("a folder that does not exist holds no issues; a file named as the folder is an error")
    func missingFolder() throws {
        let scratch = try TestRepository(archive: [:])
        #expect(try IssueCatalog.issueFiles(in: scratch.root.appendingPathComponent("nowhere")).isEmpty)
        try scratch.write("text", to: "plain")
        #expect(throws: ArchiveError.self) { try IssueCatalog.issueFiles(in: scratch.root.appendingPathComponent("plain")) }
    }
}
