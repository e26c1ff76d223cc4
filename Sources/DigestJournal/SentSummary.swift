import DigestCore
import Foundation

/// The small record of an issue's send that editors commit (`Subscribers/sent/vol-2.6.sent`),
/// while the full journal, with every address, stays on the machine that sent.
///
/// It holds the issue's fingerprint, the counts, and the readers sent, refused and left
/// uncertain as keyed hashes (``ReaderHasher``), never an address: so a fresh clone, given
/// the same `DIGEST_UNSUBSCRIBE_SECRET`, still mails none of them again, and the
/// repository's history holds no subscriber. Hashes are sorted and packed 7 bytes each,
/// 48 to a base64 line: 100,000 readers take about 0.95 MB. The last line is a checksum of
/// everything before it, so a damaged or merged summary is refused, never read as empty.
public struct SentSummary: Equatable, Sendable {
    /// Where a reader stands, as far as the summary tells. The raw values are the words the
    /// file has always used (`sent`, `failed`), so summaries already committed read the same.
    public enum Kind: String, Sendable, CaseIterable {
        case accepted = "sent"
        case refused = "failed"
        case uncertain
    }

    public var issueKey: String
    public var title: String
    public var fingerprint: String?
    /// When it was written, ISO 8601 in UTC.
    public var updated: String
    /// ``ReaderHasher/check`` of the secret the hashes were made with.
    public var keyCheck: String
    /// The readers' hashes by where they stand, each sorted: 8 bytes a reader, looked up by
    /// binary search (a table would take three times the memory at the end of a send).
    public private(set) var accepted: [UInt64]
    public private(set) var refused: [UInt64]
    public private(set) var uncertain: [UInt64]

    static let firstLine = "digest sent summary 1"
    static let hashesPerLine = 48

    public init(
        issueKey: String, title: String, fingerprint: String?, updated: String, keyCheck: String, accepted: [UInt64], refused: [UInt64],
        uncertain: [UInt64]
    ) {
        self.issueKey = issueKey
        self.title = title
        self.fingerprint = fingerprint
        self.updated = updated
        self.keyCheck = keyCheck
        // Sorted where they lie: a list handed over with `consume` is not copied.
        self.accepted = accepted
        self.refused = refused
        self.uncertain = uncertain
        self.accepted.sort()
        self.refused.sort()
        self.uncertain.sort()
    }

    public var counts: (accepted: Int, refused: Int, uncertain: Int) { (accepted.count, refused.count, uncertain.count) }

    /// Readers named, whatever their standing.
    public var readerCount: Int { accepted.count + refused.count + uncertain.count }

    /// Where the reader with this hash stands, or `nil` when the summary does not name them.
    public func kind(of hash: UInt64) -> Kind? {
        if Self.contains(accepted, hash) { return .accepted }
        if Self.contains(refused, hash) { return .refused }
        return Self.contains(uncertain, hash) ? .uncertain : nil
    }

    private static func contains(_ sorted: [UInt64], _ value: UInt64) -> Bool {
        let low = sorted.partitionPoint { $0 >= value }
        return low < sorted.count && sorted[low] == value
    }

    /// The file's text, the same for the same readers whatever order they were sent in.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The file's bytes (tests; a send writes them with ``write(to:)``, a line at a time).
    var bytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(400 + readerCount * 28 / 3)
        encode { bytes += $0 }
        return bytes
    }

    /// Gives the file's bytes a line or so at a time, its checksum made as they go: at
    /// 100,000 readers the file is a megabyte, written at the end of a send whose memory is
    /// otherwise at its peak, so it is never held whole (nor copied into a `Data`).
    func encode<Failure: Error>(_ emit: ([UInt8]) throws(Failure) -> Void) throws(Failure) {
        var checksum = FNV1a()
        var line: [UInt8] = []
        line.reserveCapacity(16 + Self.hashesPerLine * 28 / 3)
        func flush() throws(Failure) {
            for byte in line { checksum.combine(byte) }
            try emit(line)
            line.removeAll(keepingCapacity: true)
        }
        let counts = counts
        let head = [
            Self.firstLine, "issue\t\(Self.oneLine(issueKey))", "title\t\(Self.oneLine(title))",
            "fingerprint\t\(fingerprint ?? "")", "updated\t\(updated)",
            "readers\tsent \(counts.accepted)\tfailed \(counts.refused)\tuncertain \(counts.uncertain)", "key\t\(keyCheck)",
        ]
        for text in head {
            line += text.utf8
            line.append(UInt8(ascii: "\n"))
            try flush()
        }
        var packed: [UInt8] = []
        packed.reserveCapacity(7 * Self.hashesPerLine)
        for (kind, hashes) in [(Kind.accepted, accepted), (.refused, refused), (.uncertain, uncertain)] {
            var start = 0
            while start < hashes.count {
                let end = min(start + Self.hashesPerLine, hashes.count)
                packed.removeAll(keepingCapacity: true)
                for hash in hashes[start..<end] {
                    for shift in stride(from: 48, through: 0, by: -8) { packed.append(UInt8(truncatingIfNeeded: hash >> UInt64(shift))) }
                }
                line += kind.rawValue.utf8
                line.append(UInt8(ascii: "\t"))
                line += Data(packed).base64EncodedString().utf8
                line.append(UInt8(ascii: "\n"))
                try flush()
                start = end
            }
        }
        let value = checksum.value
        let check = UInt32(truncatingIfNeeded: value >> 32) ^ UInt32(truncatingIfNeeded: value)
        try emit(Array("end\t\(Self.hex(check))\n".utf8))
    }

    /// Writes the summary through a temporary file renamed into place: a reader never sees
    /// half of one. The bytes go out through a 64 KB buffer.
    public func write(to url: URL) throws(JournalError) {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UInt64.random(in: .min ... .max)).tmp")
        func failure(_ reason: String) -> JournalError { .io(path: url.path, reason: "cannot write the sent summary: \(reason)") }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw failure(error.localizedDescription)
        }
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw failure(String(cString: strerror(errno))) }
        var isOpen = true
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 16)
        func drain() throws(JournalError) {
            var done = 0
            while done < buffer.count {
                let written = buffer.withUnsafeBytes { writeBytes(descriptor, $0.baseAddress! + done, $0.count - done) }
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { throw failure(String(cString: strerror(errno))) }
                done += written
            }
            buffer.removeAll(keepingCapacity: true)
        }
        do throws(JournalError) {
            try encode { line throws(JournalError) in
                buffer += line
                if buffer.count >= 1 << 16 - 512 { try drain() }
            }
            try drain()
            guard fsync(descriptor) == 0 else { throw failure(String(cString: strerror(errno))) }
            isOpen = false
            guard close(descriptor) == 0 else {
                unlink(temporary.path)
                throw failure(String(cString: strerror(errno)))
            }
            guard rename(temporary.path, url.path) == 0 else {
                let reason = String(cString: strerror(errno))
                unlink(temporary.path)
                throw failure(reason)
            }
        } catch {
            if isOpen { close(descriptor) }
            unlink(temporary.path)
            throw error
        }
    }

    /// The summary at `url`, or `nil` when there is none; a damaged one throws
    /// ``JournalError/damaged(_:count:)`` with its line, named by `path`.
    public static func read(at url: URL, path: String) throws(JournalError) -> SentSummary? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .io(path: path, reason: error.localizedDescription)
        }
        func damaged(_ line: Int, _ kind: JournalDamage.Kind) -> JournalError {
            .damaged([JournalDamage(path: path, line: line, kind: kind)], count: 1)
        }
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        for (index, line) in lines.enumerated() {
            if line.contains("\u{0}") { throw damaged(index + 1, .nulBytes) }
            if ["<<<<<<<", "=======", ">>>>>>>", "|||||||"].contains(where: { line.hasPrefix($0) }) {
                throw damaged(index + 1, .conflictMarker)
            }
            if line.contains("\u{FFFD}") { throw damaged(index + 1, .notText) }
        }
        guard let last = lines.last, last.hasPrefix("end\t"), text.hasSuffix("\n") else {
            throw damaged(max(1, lines.count), .summaryTruncated)
        }
        let body = text.utf8.dropLast(last.utf8.count + 1)
        guard hex(JournalLine.checksum(body)) == last.dropFirst(4) else { throw damaged(lines.count, .summaryChecksum) }
        guard lines.first.map(String.init) == firstLine else { throw damaged(1, .notJournalLine) }
        var summary = SentSummary(
            issueKey: "", title: "", fingerprint: nil, updated: "", keyCheck: "", accepted: [], refused: [], uncertain: [])
        for (index, line) in lines.enumerated().dropFirst().dropLast() {
            let parts = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            let value = parts.count == 2 ? String(parts[1]) : ""
            switch parts[0] {
            case "issue": summary.issueKey = value
            case "title": summary.title = value
            case "fingerprint": summary.fingerprint = value.isEmpty ? nil : value
            case "updated": summary.updated = value
            case "key": summary.keyCheck = value
            case "readers": break
            default:
                guard let kind = Kind(rawValue: String(parts[0])), let bytes = Data(base64Encoded: value), bytes.count % 7 == 0 else {
                    throw damaged(index + 1, .notJournalLine)
                }
                let array = [UInt8](bytes)
                for start in stride(from: 0, to: array.count, by: 7) {
                    let hash = array[start..<start + 7].reduce(0) { $0 << 8 | UInt64($1) }
                    switch kind {
                    case .accepted: summary.accepted.append(hash)
                    case .refused: summary.refused.append(hash)
                    case .uncertain: summary.uncertain.append(hash)
                    }
                }
            }
        }
        // Written sorted; sorted again in case a hand sorted it otherwise (a sorted array is
        // sorted again in linear time).
        summary.accepted.sort()
        summary.refused.sort()
        summary.uncertain.sort()
        return summary
    }

    private static func oneLine(_ text: String) -> String {
        String(text.map { $0 == "\n" || $0 == "\t" || $0 == "\r" ? " " : $0 })
    }

    private static func hex(_ value: UInt32) -> String {
        String(decoding: stride(from: 28, through: 0, by: -4).map { HexDigit.lowercase(UInt8((value >> UInt32($0)) & 0xF)) }, as: UTF8.self)
    }
}

/// `write(2)`, named apart from ``SentSummary/write(to:)``.
private func writeBytes(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
