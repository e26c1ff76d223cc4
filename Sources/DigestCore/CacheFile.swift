import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One kind of file a run keeps for the next in the user's cache folder: the settings read
/// from `digest.yaml`, the substitutions' prefilters, the archive's words.
///
/// Every such file is a header (the kind's magic number, its format's version, the key of
/// what it was made from, a checksum of the payload and the payload's length) and then the
/// payload. A file written for another key, by another format, or cut short is not read:
/// the caller makes what it needs again, and failing to write a cache only costs the next
/// run that work.
public struct CacheFile: Sendable {
    /// Tells one kind of cache file from another: eight ASCII letters.
    public let magic: UInt64
    public let formatVersion: UInt64
    /// How the files of this kind are named in the cache folder: `PREFIX…​.bin`.
    public let prefix: String
    /// At most this many files of this kind are kept; the ones written longest ago go first.
    public let filesKept: Int

    static let headerSize = 40

    public init(magic: UInt64, formatVersion: UInt64, prefix: String, filesKept: Int = 32) {
        self.magic = magic
        self.formatVersion = formatVersion
        self.prefix = prefix
        self.filesKept = filesKept
    }

    /// The file of this kind named `name` (a hash, in hexadecimal) in `folder`.
    public func url(in folder: URL, name: UInt64) -> URL {
        folder.appendingPathComponent("\(prefix)\(String(name, radix: 16)).bin")
    }

    /// `payload` with the header that ties it to `key`.
    public func framed(_ payload: [UInt8], key: UInt64) -> [UInt8] {
        var file = ByteWriter()
        file.bytes.reserveCapacity(Self.headerSize + payload.count)
        for field in [magic, formatVersion, key, Self.contentHash(payload[...]), UInt64(payload.count)] { file.append(field) }
        return file.bytes + payload
    }

    /// The payload of `bytes`, or `nil` when they are another kind's, another format's,
    /// written for another key, or do not read back whole.
    public func payload(of bytes: [UInt8], key: UInt64) -> ArraySlice<UInt8>? {
        guard bytes.count >= Self.headerSize else { return nil }
        var header = ByteReader(bytes[..<Self.headerSize])
        guard header.uint64() == magic, header.uint64() == formatVersion, header.uint64() == key,
            let checksum = header.uint64(), let length = header.uint64(), length == UInt64(bytes.count - Self.headerSize),
            Self.contentHash(bytes[Self.headerSize...]) == checksum
        else { return nil }
        return bytes[Self.headerSize...]
    }

    /// The payload of the file at `url` written for `key`, or `nil`.
    public func read(_ url: URL, key: UInt64) -> ArraySlice<UInt8>? {
        guard let data = try? Data(contentsOf: url) else { return nil }
        return payload(of: Array(data), key: key)
    }

    /// Writes `payload` for `key` whole under a new name and renames it into place, so that a
    /// run reading it meanwhile sees the old file or the new one; readable by its owner only,
    /// as what it is made from (digest.yaml names the sender and the list's mailbox) may not
    /// be meant for anyone else. Not flushed to the disk: a file cut short in a crash fails
    /// its checksum, and a hook's run should not wait for the disk. Then removes the files of
    /// this kind beyond ``filesKept``: every repository linted once (a test's, a benchmark's
    /// scratch copy) leaves one.
    public func store(_ payload: [UInt8], key: UInt64, at url: URL) {
        let folder = url.deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let bytes = framed(payload, key: key)
        let temporary = "\(url.path).\(UInt64.random(in: 0...UInt64.max) & 0xFFFF_FFFF_FFFF).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return }
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        guard written == bytes.count, rename(temporary, url.path) == 0 else {
            unlink(temporary)
            return
        }
        pruneOthers(in: folder)
    }

    /// Removes the files of this kind in `folder` written longest ago, beyond ``filesKept``.
    public func pruneOthers(in folder: URL) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        let files = names.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".bin") }
        guard files.count > filesKept else { return }
        let dated = files.map { name -> (name: String, written: Int) in
            var status = stat()
            let path = folder.appendingPathComponent(name).path
            return (name, stat(path, &status) == 0 ? status.st_mtim.tv_sec * 1_000_000_000 + status.st_mtim.tv_nsec : 0)
        }
        for old in dated.sorted(by: { $0.written > $1.written }).dropFirst(filesKept) {
            unlink(folder.appendingPathComponent(old.name).path)
        }
    }

    /// FNV-1a over `bytes` exactly as they are, then their count.
    public static func contentHash(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var hasher = FNV1a()
        bytes.withUnsafeBufferPointer { buffer in
            for byte in buffer { hasher.combine(byte) }
        }
        hasher.combine(word: UInt64(bytes.count))
        return hasher.value
    }
}

/// Little-endian integers, length-prefixed UTF-8 strings and byte strings: the cache files'
/// payloads.
public struct ByteWriter: Sendable {
    public var bytes: [UInt8] = []

    public init() {}

    public mutating func append(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func append(_ value: Int) {
        append(UInt64(bitPattern: Int64(value)))
    }

    public mutating func append(_ value: Bool) {
        append(UInt64(value ? 1 : 0))
    }

    public mutating func append(_ string: String) {
        append(UInt64(string.utf8.count))
        // From the string's buffer at once, not a byte at a time through its UTF8View.
        if string.utf8.withContiguousStorageIfAvailable({ bytes.append(contentsOf: $0) }) == nil {
            bytes.append(contentsOf: string.utf8)
        }
    }

    /// A flag, then the string when there is one.
    public mutating func append(_ string: String?) {
        append(string != nil)
        if let string { append(string) }
    }

    public mutating func append(bytes more: [UInt8]) {
        append(UInt64(more.count))
        bytes += more
    }
}

/// Reads what ``ByteWriter`` wrote; every read says `nil` rather than run past the end.
public struct ByteReader {
    let bytes: ArraySlice<UInt8>
    var offset: Int

    public init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        offset = bytes.startIndex
    }

    public var isAtEnd: Bool { offset == bytes.endIndex }

    public mutating func uint64() -> UInt64? {
        guard bytes.endIndex - offset >= 8 else { return nil }
        var value: UInt64 = 0
        for index in (0..<8).reversed() { value = value << 8 | UInt64(bytes[offset + index]) }
        offset += 8
        return value
    }

    public mutating func int() -> Int? {
        uint64().map { Int(Int64(bitPattern: $0)) }
    }

    public mutating func bool() -> Bool? {
        switch uint64() {
        case 0: false
        case 1: true
        default: nil
        }
    }

    public mutating func string() -> String? {
        guard let length = uint64(), length <= UInt64(bytes.endIndex - offset) else { return nil }
        let end = offset + Int(length)
        guard let string = String(validating: bytes[offset..<end], as: UTF8.self) else { return nil }
        offset = end
        return string
    }

    /// `.some(nil)` for an absent string, `nil` when the bytes do not read.
    public mutating func optionalString() -> String?? {
        guard let present = bool() else { return nil }
        return present ? string().map { .some($0) } : .some(nil)
    }

    public mutating func byteString() -> [UInt8]? {
        guard let length = uint64(), length <= UInt64(bytes.endIndex - offset) else { return nil }
        let end = offset + Int(length)
        defer { offset = end }
        return Array(bytes[offset..<end])
    }

    /// A count of things that each take at least a byte: never more than the bytes left.
    public mutating func count() -> Int? {
        guard let count = uint64(), count <= UInt64(bytes.endIndex - offset) else { return nil }
        return Int(count)
    }
}
