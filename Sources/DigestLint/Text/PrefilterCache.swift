import DigestCore
import Foundation

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
    /// Each change of the substitutions, and each test's own table, leaves a file.
    static let file = CacheFile(magic: 0x6469_6765_7374_5031, formatVersion: 1, prefix: "prefilters-")  // "digestP1"
    static var filesKept: Int { file.filesKept }

    /// The prefilters of `patterns`, from the cache in the cache folder when it has them.
    static func prefilters(for patterns: [String]) -> [RequiredLiterals] {
        prefilters(for: patterns, folder: CacheFolder.url, identity: CacheFolder.buildIdentity)
    }

    /// The prefilters of `patterns`, from a cache in `folder` written by the build `identity`
    /// when it has them; made and written there when not.
    static func prefilters(for patterns: [String], folder: URL?, identity: String?) -> [RequiredLiterals] {
        guard let folder, let identity else { return patterns.map(RequiredLiterals.init(pattern:)) }
        let key = key(for: patterns, identity: identity)
        let url = file.url(in: folder, name: key)
        if let payload = file.read(url, key: key), let cached = prefilters(in: payload, count: patterns.count) {
            return cached
        }
        let made = patterns.map(RequiredLiterals.init(pattern:))
        file.store(payload(made), key: key, at: url)
        return made
    }

    static func key(for patterns: [String], identity: String) -> UInt64 {
        var hasher = FNV1a()
        for byte in "\(file.formatVersion)|\(identity)".utf8 { hasher.combine(byte) }
        hasher.combine(word: UInt64(patterns.count))
        for pattern in patterns {
            hasher.combine(word: UInt64(pattern.utf8.count))
            for byte in pattern.utf8 { hasher.combine(byte) }
        }
        return hasher.value
    }

    static func encode(_ prefilters: [RequiredLiterals], key: UInt64) -> [UInt8] {
        file.framed(payload(prefilters), key: key)
    }

    static func payload(_ prefilters: [RequiredLiterals]) -> [UInt8] {
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
        return payload.bytes
    }

    /// The `count` prefilters in `bytes`, or `nil` when they were written under another key,
    /// are another number, or do not read back whole.
    static func decode(_ bytes: [UInt8], key: UInt64, count: Int) -> [RequiredLiterals]? {
        file.payload(of: bytes, key: key).flatMap { prefilters(in: $0, count: count) }
    }

    /// The `count` prefilters in a cache file's payload, or `nil`.
    static func prefilters(in payload: ArraySlice<UInt8>, count: Int) -> [RequiredLiterals]? {
        var reader = ByteReader(payload)
        func byteStrings() -> [[UInt8]]? {
            guard let stringCount = reader.count() else { return nil }
            var strings: [[UInt8]] = []
            for _ in 0..<stringCount {
                guard let string = reader.byteString() else { return nil }
                strings.append(string)
            }
            return strings
        }
        guard reader.count() == count else { return nil }
        var prefilters: [RequiredLiterals] = []
        for _ in 0..<count {
            guard let alternatives = byteStrings(), let before = reader.uint64(), before <= 1, let after = reader.uint64(), after <= 1,
                let requirementCount = reader.count()
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
}
