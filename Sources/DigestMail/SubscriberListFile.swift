import DigestCore
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension SubscriberList {
    /// The lock every writer of a list takes: `.lock` in the list's folder
    /// (`Subscribers/.lock`, git-ignored), one for the whole folder.
    public static func lockURL(for url: URL) -> URL {
        url.deletingLastPathComponent().appendingPathComponent(".lock")
    }

    /// Reads the list at `url`: no file is an empty list, but a file that cannot be read
    /// is an error, never taken for an empty list (a change would then replace it).
    public static func read(at url: URL, path: String) throws(SubscriberError) -> (list: SubscriberList, problems: [RowProblem]) {
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return (SubscriberList(), []) }
            throw .io(FileWriteError(path: path, reason: "cannot read the list (\(String(cString: strerror(errno))))"))
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        let data: Data
        do {
            data = try handle.readToEnd() ?? Data()
        } catch {
            throw .io(FileWriteError(path: path, reason: "cannot read the list (\(error.localizedDescription))"))
        }
        return parse([UInt8](data), path: path)
    }

    /// Changes the list at `url` with nobody else changing it meanwhile: takes the list's
    /// lock (``lockURL(for:)``), reads the list, runs `change`, writes the list if it changed
    /// (whole, flushed to disk with its folder) and only then lets go and returns, so a
    /// caller that reports success reports a change that is on disk. Every writer of
    /// `Subscribers/` (the commands, an unsubscribe endpoint, bounce intake) goes through
    /// here: without the lock two writers each read the old list and the last one's write
    /// drops the other's change. A list with bad rows is refused (``SubscriberError/damaged(_:)``).
    /// `whileWaiting` runs if another writer holds the lock, before waiting for it.
    public static func modify<Result>(
        at url: URL, path: String, whileWaiting: () -> Void = {}, _ change: (inout SubscriberList) throws -> Result
    ) throws -> Result {
        let lock: FileLock
        do {
            lock = try FileLock(path: lockURL(for: url).path, whileWaiting: whileWaiting)
        } catch {
            throw SubscriberError.io(error)
        }
        defer { withExtendedLifetime(lock) {} }
        let (before, problems) = try read(at: url, path: path)
        guard problems.isEmpty else { throw SubscriberError.damaged(problems) }
        var list = before
        let result = try change(&list)
        if list.subscribers != before.subscribers {
            do {
                try list.write(to: url)
            } catch {
                throw SubscriberError.io(error)
            }
        }
        return result
    }
}
