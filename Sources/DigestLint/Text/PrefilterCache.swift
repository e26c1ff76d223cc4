import DigestCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The substitution patterns' ``RequiredLiterals``, kept between runs in the cache folder.
///
/// Reading thirty patterns for the literals their matches need was a twentieth of a
/// pre-commit hook's run, for a table that changes when digest.yaml's substitutions do. The
/// file is named by a key made of the patterns themselves (every byte, and each one's
/// length) and the build of digest (another build may read patterns differently), so it
/// never answers for other patterns; one that does not read back whole (its payload carries
/// a checksum) is ignored and rewritten, and failing to write one only costs the next run
/// the reading.
enum PrefilterCache {
    static let magic: UInt64 = 0x6469_6765_7374_5031  // "digestP1"
    static let formatVersion: UInt64 = 1
    static let headerSize = 40
    /// At most this many tables of patterns keep a cache; the ones written longest ago go first.
    static let filesKept = 32

    /// The prefilters of `patterns`, from the cache in the cache folder when it has them.
    static func prefilters(for patterns: [String]) -> [RequiredLiterals] {
        prefilters(for: patterns, folder: CacheFolder.url, identity: CorpusCache.buildIdentity)
    }

    /// The prefilters of `patterns`, from a cache in `folder` written by the build `identity`
    /// when it has them; made and written there when not.
    static func prefilters(for patterns: [String], folder: URL?, identity: String?) -> [RequiredLiterals] {
        guard let folder, let identity else { return patterns.map(RequiredLiterals.init(pattern:)) }
        let key = key(for: patterns, identity: identity)
        let url = folder.appendingPathComponent("prefilters-\(String(key, radix: 16)).bin")
        if let data = try? Data(contentsOf: url), let cached = decode(Array(data), key: key, count: patterns.count) {
            return cached
        }
        let made = patterns.map(RequiredLiterals.init(pattern:))
        store(encode(made, key: key), at: url)
        return made
    }

    static func key(for patterns: [String], identity: String) -> UInt64 {
        var hasher = FNV1a()
        for byte in "\(formatVersion)|\(identity)".utf8 { hasher.combine(byte) }
        hasher.combine(word: UInt64(patterns.count))
        for pattern in patterns {
            hasher.combine(word: UInt64(pattern.utf8.count))
            for byte in pattern.utf8 { hasher.combine(byte) }
        }
        return hasher.value
    }

    static func encode(_ prefilters: [RequiredLiterals], key: UInt64) -> [UInt8] {
        var payload = ByteWriter()
        payload.append(UInt64(prefilters.count))
        for prefilter in prefilters {
            payload.append(UInt64(prefilter.alternatives.count))
            for alternative in prefilter.alternatives { payload.append(bytes: alternative) }
            payload.append(UInt64(prefilter.boundaries.before ? 1 : 0))
            payload.append(UInt64(prefilter.boundaries.after ? 1 : 0))
            payload.append(UInt64(prefilter.afterDigit.count))
            for requirement in prefilter.afterDigit {
                payload.append(UInt64(requirement.literals.count))
                for literal in requirement.literals { payload.append(bytes: literal) }
                payload.append(UInt64(requirement.lead.count))
                for lead in requirement.lead { payload.append(bytes: lead) }
                payload.append(UInt64(bitPattern: Int64(requirement.digits.lowerBound)))
                payload.append(UInt64(bitPattern: Int64(requirement.digits.upperBound)))
            }
        }
        var file = ByteWriter()
        for field in [magic, formatVersion, key, CorpusCache.contentHash(payload.bytes), UInt64(payload.bytes.count)] {
            file.append(field)
        }
        return file.bytes + payload.bytes
    }

    /// The `count` prefilters in `bytes`, or `nil` when they were written under another key,
    /// are another number, or do not read back whole.
    static func decode(_ bytes: [UInt8], key: UInt64, count: Int) -> [RequiredLiterals]? {
        guard bytes.count >= headerSize else { return nil }
        var header = ByteReader(bytes[..<headerSize])
        guard header.uint64() == magic, header.uint64() == formatVersion, header.uint64() == key,
            let checksum = header.uint64(), let length = header.uint64(), length == UInt64(bytes.count - headerSize),
            CorpusCache.contentHash(bytes[headerSize...]) == checksum
        else { return nil }
        var reader = ByteReader(bytes[headerSize...])
        /// A count of things that each take at least a byte: never more than the bytes.
        func readCount() -> Int? {
            reader.uint64().flatMap { $0 <= UInt64(bytes.count) ? Int($0) : nil }
        }
        func byteStrings() -> [[UInt8]]? {
            guard let stringCount = readCount() else { return nil }
            var strings: [[UInt8]] = []
            for _ in 0..<stringCount {
                guard let string = reader.byteString() else { return nil }
                strings.append(string)
            }
            return strings
        }
        guard readCount() == count else { return nil }
        var prefilters: [RequiredLiterals] = []
        for _ in 0..<count {
            guard let alternatives = byteStrings(), let before = reader.uint64(), before <= 1, let after = reader.uint64(), after <= 1,
                let requirementCount = readCount()
            else { return nil }
            var afterDigit: [RequiredLiterals.AfterDigits] = []
            for _ in 0..<requirementCount {
                guard let literals = byteStrings(), let lead = byteStrings(), let lower = reader.uint64(), let upper = reader.uint64(),
                    Int64(bitPattern: lower) <= Int64(bitPattern: upper)
                else { return nil }
                afterDigit.append(
                    RequiredLiterals.AfterDigits(
                        literals: literals, lead: lead, digits: Int(Int64(bitPattern: lower))...Int(Int64(bitPattern: upper))))
            }
            prefilters.append(
                RequiredLiterals(
                    alternatives: alternatives, boundaries: RequiredLiterals.Boundaries(before: before == 1, after: after == 1),
                    afterDigit: afterDigit))
        }
        return reader.isAtEnd ? prefilters : nil
    }

    /// Writes the file whole under a new name and renames it into place, so that a run
    /// reading it meanwhile sees the old file or the new one; readable by its owner only, as
    /// what it is made from (digest.yaml) may be. Not flushed to the disk: a file cut short
    /// in a crash fails its checksum.
    static func store(_ bytes: [UInt8], at url: URL) {
        let folder = url.deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
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

    /// Removes the caches written longest ago beyond ``filesKept``: each change of the
    /// substitutions, and each test's own table, leaves one.
    static func pruneOthers(in folder: URL) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        let caches = names.filter { $0.hasPrefix("prefilters-") && $0.hasSuffix(".bin") }
        guard caches.count > filesKept else { return }
        let dated = caches.map { name in
            (name: name, written: FileStamp(path: folder.appendingPathComponent(name).path)?.modified ?? 0)
        }
        for old in dated.sorted(by: { $0.written > $1.written }).dropFirst(filesKept) {
            unlink(folder.appendingPathComponent(old.name).path)
        }
    }
}
