import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A folder that belongs to this user and that no symbolic link leads into, open for
/// writing files in it: where `digest preview` writes, so that nobody else can plant a
/// link that turns its writes onto another file.
///
/// Every folder is opened one level at a time from the one above it, never following a
/// symbolic link (`O_NOFOLLOW`), and checked on the open descriptor, so nothing can be
/// swapped in between the check and the use; files are written through the descriptor.
public final class PrivateFolder {
    /// The folder, as the editor is told of it.
    public let url: URL
    private let descriptor: Int32

    /// Makes `url` and every folder between `base` and it with mode 700, or opens the ones
    /// that exist. Each must be a real folder owned by this user; one that others may enter
    /// is made private (700). `base` itself is trusted: it is the repository.
    public init(_ url: URL, below base: URL) throws(ArchiveError) {
        let components = url.standardizedFileURL.pathComponents
        let baseComponents = base.standardizedFileURL.pathComponents
        precondition(components.starts(with: baseComponents), "\(url.path) is not below \(base.path)")
        var current = open(base.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard current >= 0 else { throw Self.failure(base, errno) }
        var reached = base.standardizedFileURL
        for name in components.dropFirst(baseComponents.count) {
            reached.appendPathComponent(name)
            let next: Int32
            do throws(ArchiveError) {
                next = try Self.enter(name, in: current, at: reached, tighten: true)
            } catch {
                close(current)
                throw error
            }
            close(current)
            current = next
        }
        self.url = url
        descriptor = current
    }

    /// Opens `url`, making it (mode 700) if it is not there: a folder the editor named, so
    /// the folders above it are theirs to choose and its mode is left as it is, but it must
    /// be a real folder owned by this user, not a symbolic link.
    public init(named url: URL) throws(ArchiveError) {
        let url = url.standardizedFileURL
        let parent = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw .io(path: displayPath(of: parent), reason: "cannot create the folder (\(error.localizedDescription))")
        }
        let above = open(parent.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard above >= 0 else { throw Self.failure(parent, errno) }
        defer { close(above) }
        self.url = url
        descriptor = try Self.enter(url.lastPathComponent, in: above, at: url, tighten: false)
    }

    deinit {
        close(descriptor)
    }

    /// Writes `contents` as the file `name` in the folder, whole or not at all: a temporary
    /// file made afresh (`O_EXCL`) is renamed over the name, which replaces whatever is
    /// there, a symbolic link included, and never writes through it.
    public func write(_ contents: String, named name: String) throws(ArchiveError) {
        let target = url.appendingPathComponent(name)
        let temporary = ".\(name).\(UUID().uuidString).tmp"
        let file = openat(descriptor, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard file >= 0 else { throw Self.failure(target, errno) }
        do {
            try FileHandle(fileDescriptor: file, closeOnDealloc: true).write(contentsOf: Data(contents.utf8))
        } catch {
            unlinkat(descriptor, temporary, 0)
            throw .io(path: displayPath(of: target), reason: "cannot write the file (\(error.localizedDescription))")
        }
        guard renameat(descriptor, temporary, descriptor, name) == 0 else {
            let code = errno
            unlinkat(descriptor, temporary, 0)
            throw Self.failure(target, code)
        }
    }

    /// Makes (if need be) and opens the folder `name` inside `folder` without following a
    /// symbolic link, and checks that it is this user's.
    static func enter(_ name: String, in folder: Int32, at url: URL, tighten: Bool) throws(ArchiveError) -> Int32 {
        if mkdirat(folder, name, 0o700) != 0 && errno != EEXIST { throw failure(url, errno) }
        let opened = openat(folder, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard opened >= 0 else {
            let code = errno
            var status = stat()
            if fstatat(folder, name, &status, AT_SYMLINK_NOFOLLOW) == 0 && (status.st_mode & S_IFMT) == S_IFLNK {
                throw .io(
                    path: displayPath(of: url),
                    reason:
                        "is a symbolic link; digest writes only into a folder of its own and will not follow it; delete the link and run again"
                )
            }
            throw failure(url, code)
        }
        var status = stat()
        guard fstat(opened, &status) == 0 else {
            let code = errno
            close(opened)
            throw failure(url, code)
        }
        guard status.st_uid == geteuid() else {
            close(opened)
            throw .io(
                path: displayPath(of: url),
                reason:
                    "belongs to another user (uid \(status.st_uid)), who could change what digest writes there; delete it or name another folder"
            )
        }
        if tighten && status.st_mode & 0o077 != 0 && fchmod(opened, 0o700) != 0 {
            let code = errno
            close(opened)
            throw failure(url, code)
        }
        return opened
    }

    static func failure(_ url: URL, _ code: Int32) -> ArchiveError {
        .io(path: displayPath(of: url), reason: String(cString: strerror(code)))
    }
}
