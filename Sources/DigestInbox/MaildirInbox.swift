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

    /// `1733450000.M1P2.host:2,S` → `1733450000.M1P2.host`: the part that stays when flags change.
    static func uniqueName(_ file: String) -> String {
        String(file.prefix { $0 != ":" })
    }

    /// The file of each message, by id.
    private func files() -> [(id: String, url: URL, modified: Date)] {
        var result: [(String, URL, Date)] = []
        for sub in ["new", "cur"] {
            let folder = root.appendingPathComponent(sub)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for name in names where !name.hasPrefix(".") {
                let url = folder.appendingPathComponent(name)
                let modified = (try? FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date) ?? Date.distantPast
                result.append((Self.uniqueName(name), url, modified ?? Date.distantPast))
            }
        }
        return result.sorted { ($0.2, $0.0) < ($1.2, $1.0) }
    }

    public func messageIDs() throws(InboxError) -> [String] {
        let found = files()
        index = Dictionary(found.map { ($0.id, $0.url) }, uniquingKeysWith: { first, _ in first })
        return found.map(\.id)
    }

    private func url(of id: String) -> URL? {
        if index.isEmpty { _ = try? messageIDs() }
        return index[id]
    }

    public func read(_ id: String, limit: Int) throws(InboxError) -> [UInt8] {
        guard let url = url(of: id), let handle = try? FileHandle(forReadingFrom: url) else {
            throw .io(path: root.appendingPathComponent(id).path, reason: "cannot read the message")
        }
        defer { try? handle.close() }
        return Array((try? handle.read(upToCount: limit)) ?? Data())
    }

    public func moveToDone(_ ids: [String]) throws(InboxError) {
        guard !ids.isEmpty else { return }
        let done = root.appendingPathComponent(".\(doneFolder)")
        for sub in ["cur", "new", "tmp"] {
            try? FileManager.default.createDirectory(at: done.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        FileManager.default.createFile(atPath: done.appendingPathComponent("maildirfolder").path, contents: nil)
        let wanted = Set(ids)
        var touched: Set<String> = [done.appendingPathComponent("cur").path]
        for file in files() where wanted.contains(file.id) {
            index[file.id] = nil
            let name = file.url.lastPathComponent
            let target = done.appendingPathComponent("cur").appendingPathComponent(name.contains(":") ? name : name + ":2,S")
            guard rename(file.url.path, target.path) == 0 else {
                throw .io(path: file.url.path, reason: "cannot move the message to \(target.path) (\(String(cString: strerror(errno))))")
            }
            touched.insert(file.url.deletingLastPathComponent().path)
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
