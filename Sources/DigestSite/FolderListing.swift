import Foundation

/// Which names each folder of the site held when first asked: one directory read per
/// folder instead of a `stat` per file, since an unchanged build asks after every page.
/// Asked only about files this build has not yet written.
final class FolderListing {
    private let root: String
    private var names: [String: Set<String>] = [:]

    /// Lists folders under `root`, the site's folder.
    init(root: String) {
        self.root = root
    }

    /// Whether `path` (relative to the root, `issues/2022-03-10-vol-1.5.html`) names a file
    /// or folder.
    func contains(_ path: String) -> Bool {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        if let listed = names[folder] { return listed.contains(name) }
        let listed = Self.list(folder.isEmpty ? root : root + "/" + folder)
        names[folder] = listed
        return listed.contains(name)
    }

    /// The names in the folder at `path`; none when it cannot be read.
    static func list(_ path: String) -> Set<String> {
        guard let folder = opendir(path) else { return [] }
        defer { closedir(folder) }
        var listed = Set<String>()
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { buffer in
                String(cString: buffer.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { listed.insert(name) }
        }
        return listed
    }
}
