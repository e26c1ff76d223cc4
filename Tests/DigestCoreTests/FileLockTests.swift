import DigestCore
import Foundation
import Testing

@Suite("File locks")
struct FileLockTests {
    @Test("a lock made in a new folder (the inbox's state) leaves the folder and the lock file the user's alone")
    func ownerOnly() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("digest-lock-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.appendingPathComponent(".digest/inbox/.lock").path
        // Not with umask(0): the umask is the whole test process's, and tests run at once.
        _ = try FileLock(path: path)
        func mode(_ path: String) throws -> Int {
            (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
        }
        #expect(try mode(root.appendingPathComponent(".digest").path) == 0o700)
        #expect(try mode(root.appendingPathComponent(".digest/inbox").path) == 0o700)
        #expect(try mode(path) == 0o600)
    }
}
