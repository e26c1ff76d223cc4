import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive lock on a lock file (`flock`), shared by every process that names the same
/// file: whoever holds it can read, change and write what it guards without another writer
/// in between. The system drops it when the holder exits or is killed, so a crash never
/// leaves it held. The lock file itself is kept: removing it would let two processes lock
/// two different files of one name.
public final class FileLock {
    private let descriptor: Int32

    /// Takes the lock on `path` (created if missing), waiting as long as another holds it;
    /// `whileWaiting` runs once if the lock is still held by another after a second.
    public init(path: String, whileWaiting: () -> Void = {}) throws(FileWriteError) {
        // What a lock guards is private (a list, an intake's state): a folder made for the
        // lock is the user's alone (one that exists keeps its mode), and so is the file.
        var descriptor = open(path, O_RDONLY | O_CREAT | O_CLOEXEC, 0o600)
        if descriptor < 0, errno == ENOENT {
            try? FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
            descriptor = open(path, O_RDONLY | O_CREAT | O_CLOEXEC, 0o600)
        }
        guard descriptor >= 0 else {
            throw FileWriteError(path: path, reason: "cannot open the lock file (\(String(cString: strerror(errno))))")
        }
        self.descriptor = descriptor
        // Writers hold the lock for milliseconds: a second of trying quietly first keeps
        // `whileWaiting` (a note to the editor) for a wait worth mentioning.
        let patience = ContinuousClock.now + .seconds(1)
        while ContinuousClock.now < patience {
            if flock(descriptor, LOCK_EX | LOCK_NB) == 0 { return }
            usleep(5_000)
        }
        whileWaiting()
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw FileWriteError(path: path, reason: "cannot lock the file (\(reason))")
            }
        }
    }

    deinit {
        // Closing the only descriptor releases the lock.
        close(descriptor)
    }
}
