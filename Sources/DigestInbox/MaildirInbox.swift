import DigestMail
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A Maildir (`maildir:PATH`): messages are the files of `new/` and `cur/`, and a message
/// acted on is renamed into the Maildir++ folder `.DONE/cur/` beside them, which mail
/// servers and clients show as the folder `DONE`. A rename within one file system is
/// atomic: the message is in one place or the other, never both or neither.
public final class MaildirInbox: InboxSource {
    public let root: URL
    public let doneFolder: String
    /// Each message's file, as the last listing found it.
    private var index: [String: URL] = [:]

    public init(root: URL, doneFolder: String) throws(InboxError) {
        self.root = root.standardizedFileURL
        self.doneFolder = doneFolder
        var isFolder: ObjCBool = false
        for sub in ["cur", "new"] {
            guard FileManager.default.fileExists(atPath: self.root.appendingPathComponent(sub).path, isDirectory: &isFolder),
                isFolder.boolValue
            else {
                throw .source(
                    "maildir:\(root.path) is not a Maildir (it has no \(sub)/ folder); name the folder that holds cur/, new/ and tmp/")
            }
        }
    }

    public var stateName: String { "maildir:\(root.path)" }

    /// The file of each message, by id, oldest first: plain files only (a symbolic link
    /// could lead out of the Maildir, a named pipe would never end a read), and one file for
    /// an id that two share (a client moving a message from new/ to cur/ while it is listed).
    private func files() -> [(id: String, url: URL, modified: Date)] {
        var result: [(String, URL, Date)] = []
        for sub in ["new", "cur"] {
            let folder = root.appendingPathComponent(sub)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for name in names where !name.hasPrefix(".") {
                let url = folder.appendingPathComponent(name)
                // Of the entry itself, not of what a link leads to.
                guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
                    attributes[.type] as? FileAttributeType == .typeRegular
                else { continue }
                result.append((MaildirName.unique(name), url, attributes[.modificationDate] as? Date ?? Date.distantPast))
            }
        }
        var seen: Set<String> = []
        return result.sorted { ($0.2, $0.0) < ($1.2, $1.0) }.filter { seen.insert($0.0).inserted }
    }

    public func messageIDs() throws(InboxError) -> [String] {
        let found = files()
        index = Dictionary(uniqueKeysWithValues: found.map { ($0.id, $0.url) })
        return found.map(\.id)
    }

    private func url(of id: String) -> URL? {
        if index.isEmpty { _ = try? messageIDs() }
        return index[id]
    }

    public func read(_ id: String, limit: Int) throws(InboxError) -> [UInt8] {
        guard let url = url(of: id) else {
            throw .unreadable(path: root.appendingPathComponent(id).path, reason: "the message is gone from the Maildir")
        }
        // Not through a link, and never blocked by a pipe put in the file's place since the listing.
        let descriptor = open(url.path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        var status = stat()
        guard descriptor >= 0, fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            let reason = descriptor >= 0 ? "not a plain file" : String(cString: strerror(errno))
            if descriptor >= 0 { close(descriptor) }
            throw .unreadable(
                path: url.path, reason: "cannot read it (\(reason)); digest leaves it where it is: mend or move it, and run again")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        return Array((try? handle.read(upToCount: limit)) ?? Data())
    }

    public func moveToDone(_ ids: [String]) throws(InboxError) {
        guard !ids.isEmpty else { return }
        let done = root.appendingPathComponent(".\(doneFolder)")
        // Readers' mail moves in: the folder is the user's alone, as a mail server makes one.
        for sub in ["cur", "new", "tmp"] {
            try? FileManager.default.createDirectory(
                at: done.appendingPathComponent(sub), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        FileManager.default.createFile(atPath: done.appendingPathComponent("maildirfolder").path, contents: nil)
        var touched: Set<String> = [done.appendingPathComponent("cur").path]
        // The file each message was read from; one a client has moved since, where it is now.
        let listed = Dictionary(uniqueKeysWithValues: files().map { ($0.id, $0.url) })
        var moving: Set<String> = []
        for id in ids where moving.insert(id).inserted {
            guard let url = index[id].flatMap({ FileManager.default.fileExists(atPath: $0.path) ? $0 : nil }) ?? listed[id] else {
                continue
            }
            index[id] = nil
            let name = url.lastPathComponent
            var target = done.appendingPathComponent("cur").appendingPathComponent(name.contains(":") ? name : name + ":2,S")
            // Never over another message of the same name: it would be lost.
            if FileManager.default.fileExists(atPath: target.path) {
                let flags = target.lastPathComponent.drop { $0 != ":" }
                target = target.deletingLastPathComponent().appendingPathComponent(
                    "\(MaildirName.unique(name)).\(UUID().uuidString)\(flags)")
            }
            guard rename(url.path, target.path) == 0 else {
                throw .io(path: url.path, reason: "cannot move the message to \(target.path) (\(String(cString: strerror(errno))))")
            }
            touched.insert(url.deletingLastPathComponent().path)
        }
        // Both folders' entries on disk: the move survives a power cut as a whole.
        for folder in touched {
            let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if descriptor >= 0 {
                fsync(descriptor)
                close(descriptor)
            }
        }
    }

    public func describe(_ id: String) -> String {
        url(of: id).map { $0.path } ?? root.appendingPathComponent(id).path
    }
}
