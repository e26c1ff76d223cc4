import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes files whole or not at all, the one way every digest command replaces or creates
/// a file the editor keeps (the subscriber list, a fixed or formatted draft, an imported
/// issue, a scaffold, a rendered edition, the pre-commit hook).
///
/// The bytes go to a temporary file beside the target, are flushed to the disk, and are
/// then renamed (or, for ``create(_:at:newFile:)``, linked) into place, and the folder is
/// flushed too, so a crash or a power cut leaves the old file or the new one, never half.
/// A symbolic link is written through: its target gets the new bytes and the link stays.
/// The file keeps its permissions and, where the system lets us, its owner and group; a
/// write never makes a file readable by anyone who could not read it before.
public enum AtomicFile {
    /// The permissions of a file that had no earlier version to keep them from.
    public enum NewFileMode: Sendable {
        /// `0666` less the umask, like any editor's new file (drafts, editions).
        case ordinary
        /// `0777` less the umask (the git hook).
        case executable
        /// `0600` (subscriber addresses): only the owner reads it. In a folder with the
        /// set-group-ID bit, the usual way a team shares a folder by group, `0660`, so the
        /// group that shares the folder shares the file. The umask can narrow either.
        case `private`
    }

    /// Replaces the file at `url` (or creates it) with `bytes`.
    public static func write(_ bytes: some Collection<UInt8>, to url: URL, newFile: NewFileMode = .ordinary) throws(FileWriteError) {
        try place(Array(bytes), at: url, newFile: newFile, replacing: true)
    }

    /// Replaces the file at `url` (or creates it) with `text` in UTF-8.
    public static func write(_ text: String, to url: URL, newFile: NewFileMode = .ordinary) throws(FileWriteError) {
        try place(Array(text.utf8), at: url, newFile: newFile, replacing: true)
    }

    /// Creates the file at `url` with `text`, and fails with ``FileWriteError/exists`` if
    /// anything is already there, even when another process puts it there a moment before.
    public static func create(_ text: String, at url: URL, newFile: NewFileMode = .ordinary) throws(FileWriteError) {
        try place(Array(text.utf8), at: url, newFile: newFile, replacing: false)
    }

    private static func place(_ bytes: [UInt8], at url: URL, newFile: NewFileMode, replacing: Bool) throws(FileWriteError) {
        let shown = url.path
        let target = replacing ? try resolvedTarget(of: url.path, shown: shown) : url.path
        let folder = (target as NSString).deletingLastPathComponent.isEmpty ? "." : (target as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw FileWriteError(path: shown, reason: "cannot create the folder \(folder) (\(error.localizedDescription))")
        }
        var previous = stat()
        let hasPrevious = replacing && stat(target, &previous) == 0
        if !replacing, access(target, F_OK) == 0 || isLink(target) { throw FileWriteError(path: shown, reason: nil) }

        let name = (target as NSString).lastPathComponent
        let temporary = "\(folder)/.\(name).\(UInt64.random(in: 0...UInt64.max) & 0xFFFF_FFFF_FFFF).tmp"
        let createMode: mode_t
        switch (hasPrevious, newFile) {
        case (true, _): createMode = 0o600
        case (false, .ordinary): createMode = 0o666
        case (false, .executable): createMode = 0o777
        case (false, .private): createMode = sharesByGroup(folder) ? 0o660 : 0o600
        }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, createMode)
        guard descriptor >= 0 else { throw FileWriteError(path: shown, reason: "cannot create a file in \(folder) (\(errorText()))") }
        var placed = false
        defer {
            if !placed { unlink(temporary) }
        }
        do {
            defer { close(descriptor) }
            try writeAll(bytes, to: descriptor, shown: shown)
            if hasPrevious { try keepOwnerAndMode(of: previous, on: descriptor, shown: shown) }
            guard fsync(descriptor) == 0 else {
                throw FileWriteError(path: shown, reason: "cannot flush the file to disk (\(errorText()))")
            }
        }
        if replacing {
            guard rename(temporary, target) == 0 else {
                throw FileWriteError(path: shown, reason: "cannot replace the file (\(errorText()))")
            }
            placed = true
        } else {
            guard link(temporary, target) == 0 else {
                if errno == EEXIST { throw FileWriteError(path: shown, reason: nil) }
                throw FileWriteError(path: shown, reason: "cannot create the file (\(errorText()))")
            }
            unlink(temporary)
            placed = true
        }
        try flushFolder(folder, shown: shown)
    }

    /// The file a path finally names, following symbolic links (relative ones from the
    /// link's own folder); a link to nothing yet names the file it points to.
    private static func resolvedTarget(of path: String, shown: String) throws(FileWriteError) -> String {
        var current = path
        for _ in 0..<40 {
            guard isLink(current) else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = readlink(current, &buffer, buffer.count - 1)
            guard count > 0 else { throw FileWriteError(path: shown, reason: "cannot read the link (\(errorText()))") }
            let destination = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current =
                destination.hasPrefix("/")
                ? destination : ((current as NSString).deletingLastPathComponent as NSString).appendingPathComponent(destination)
        }
        throw FileWriteError(path: shown, reason: "too many symbolic links (a loop?)")
    }

    private static func isLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    /// Whether a folder is shared by its group: it carries the set-group-ID bit.
    private static func sharesByGroup(_ folder: String) -> Bool {
        var info = stat()
        return stat(folder, &info) == 0 && info.st_mode & S_ISGID != 0
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, shown: String) throws(FileWriteError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { systemWrite(descriptor, $0.baseAddress! + offset, bytes.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw FileWriteError(path: shown, reason: "cannot write the file (\(errorText()))")
            }
            offset += written
        }
    }

    /// Gives the new file the old one's owner, group and permission bits. Changing the owner
    /// needs privileges most editors lack, and the group needs membership of it; when the
    /// group cannot be kept, the group's bits are dropped, since they would otherwise apply
    /// to the writer's own group and let people read the file who could not before.
    private static func keepOwnerAndMode(of previous: stat, on descriptor: Int32, shown: String) throws(FileWriteError) {
        var mode = previous.st_mode & 0o7777
        var current = stat()
        guard fstat(descriptor, &current) == 0 else {
            throw FileWriteError(path: shown, reason: "cannot read the new file (\(errorText()))")
        }
        if current.st_uid != previous.st_uid || current.st_gid != previous.st_gid {
            if fchown(descriptor, previous.st_uid, previous.st_gid) != 0, fchown(descriptor, uid_t.max, previous.st_gid) != 0 {
                mode &= ~mode_t(0o070 | S_ISGID)
            }
        }
        guard fchmod(descriptor, mode) == 0 else {
            throw FileWriteError(path: shown, reason: "cannot set the file's permissions (\(errorText()))")
        }
    }

    /// Flushes the folder, so the rename itself survives a power cut. Some file systems
    /// cannot flush a folder (EINVAL); their renames are as durable as they get.
    private static func flushFolder(_ folder: String, shown: String) throws(FileWriteError) {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        if fsync(descriptor) != 0, errno != EINVAL, errno != EBADF {
            throw FileWriteError(path: shown, reason: "cannot flush the folder \(folder) to disk (\(errorText()))")
        }
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }

    /// The system's `write(2)`, which the static methods of this type hide.
    private static func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
            Glibc.write(descriptor, buffer, count)
        #else
            Darwin.write(descriptor, buffer, count)
        #endif
    }
}

/// A file that could not be written; the old version, if any, is untouched.
public struct FileWriteError: Error, Sendable, CustomStringConvertible {
    /// The path the caller gave.
    public var path: String
    /// What failed, or `nil` when the file to create already exists.
    public var reason: String?

    /// Whether the write failed because ``AtomicFile/create(_:at:newFile:)`` found a file there.
    public var exists: Bool { reason == nil }

    public init(path: String, reason: String?) {
        self.path = path
        self.reason = reason
    }

    public var description: String {
        "\(path): \(reason ?? "already exists; digest never overwrites a file, so move or delete it first")"
    }
}

extension FileWriteError: LocalizedError {
    /// What failed, without the path, for messages that name the file themselves.
    public var errorDescription: String? { reason ?? "it already exists" }
}
