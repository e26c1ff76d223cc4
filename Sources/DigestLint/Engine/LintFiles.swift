import Foundation

/// How lint looks at the files an issue refers to, such as its lead image.
///
/// The linter reads the disk; a rule's examples bring their files along in memory, so they
/// run like any other example.
public struct LintFiles: Sendable {
    /// What lint needs to know of a file: its size and its first bytes.
    public struct File: Sendable {
        public var size: Int
        /// At most ``LintFiles/headLimit`` bytes from the start.
        public var head: [UInt8]

        public init(size: Int, head: [UInt8]) {
            self.size = size
            self.head = Array(head.prefix(LintFiles.headLimit))
        }
    }

    /// Enough for any image header, even a JPEG with metadata before its frame; a huge file
    /// costs no more than this to check.
    public static let headLimit = 1 << 20

    let look: @Sendable (String) -> File?

    public init(look: @escaping @Sendable (String) -> File?) {
        self.look = look
    }

    /// The regular file at this absolute path; `nil` when there is none.
    public func file(at path: String) -> File? { look(path) }

    /// The files on disk.
    public static let disk = LintFiles { path in
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            attributes[.type] as? FileAttributeType == .typeRegular,
            let handle = FileHandle(forReadingAtPath: path)
        else { return nil }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: headLimit)) ?? Data()
        return File(size: (attributes[.size] as? NSNumber)?.intValue ?? head.count, head: Array(head))
    }

    /// Files held in memory, by absolute path.
    public static func memory(_ files: [String: File]) -> LintFiles {
        LintFiles { files[$0] }
    }
}

extension LintFiles.File {
    /// The first 24 bytes of a PNG of this size (signature and IHDR), weighing `size` bytes:
    /// enough for the lead image rules' examples.
    public static func png(width: Int, height: Int, size: Int = 200_000) -> LintFiles.File {
        func bigEndian32(_ value: Int) -> [UInt8] { [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) } }
        let head =
            [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8) + bigEndian32(width) + bigEndian32(height)
        return LintFiles.File(size: size, head: head)
    }
}
