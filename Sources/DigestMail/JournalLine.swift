import DigestCore

/// One line of the send journal as it is written and read back.
///
/// Since format 2 a line is `event TAB reader TAB message-id TAB detail TAB checksum`, the
/// checksum being 8 hex digits of FNV-1a over everything before its tab, and a new journal
/// starts with a header line saying so. A line that fails its checksum, or is no journal
/// line at all (random bytes, a run of NULs, a git conflict marker), is damage with its
/// line number: replaying never skips it silently. Journals written before format 2 have
/// four fields and no checksum; such lines are read as before, but only ahead of the first
/// line that has one (a send of today appends checksummed lines to an old journal).
enum JournalLine {
    /// The text of the header, the detail of a `journal` line.
    static let headerDetail = "digest send journal, format 2"

    /// What a complete line holds.
    enum Content {
        /// The format 2 header.
        case header
        /// The four fields, unescaped; `checked` when they came with a checksum.
        case fields(event: String, reader: String, messageID: String, detail: String, checked: Bool)
    }

    /// The line's bytes, newline included: four fields, escaped, and their checksum.
    static func encode(_ event: String, reader: String, messageID: String, detail: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(event.utf8.count + reader.utf8.count + messageID.utf8.count + detail.utf8.count + 18)
        for (index, field) in [event, reader, messageID, detail].enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: "\t")) }
            SendJournal.appendEscaped(field, to: &bytes)
        }
        let sum = checksum(bytes)
        bytes.append(UInt8(ascii: "\t"))
        for shift in stride(from: 28, through: 0, by: -4) { bytes.append(HexDigit.lowercase(UInt8((sum >> UInt32(shift)) & 0xF))) }
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    /// FNV-1a folded to 32 bits: any change of a byte, and all but one in four billion
    /// changes of several, alters it.
    static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        let value = FNV1a.hash(bytes)
        return UInt32(truncatingIfNeeded: value >> 32) ^ UInt32(truncatingIfNeeded: value)
    }

    /// The events journals before format 2 could hold.
    private static let formatOneEvents: Set<Substring> = ["reserved", "intent", "accepted", "failed", "deferred", "uncertain", "closed"]

    /// Reads one complete line (without its newline). `strict` once a checksummed line was
    /// read: from then on every line must carry one. Returns what the line holds, or why it
    /// cannot be read.
    static func parse(_ raw: Substring, strict: Bool) -> Result<Content, JournalDamage.Kind> {
        // A checkout that turned line ends into CRLF has not damaged the line.
        let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
        if let first = line.utf8.first,
            first == UInt8(ascii: "<") || first == UInt8(ascii: "=") || first == UInt8(ascii: ">") || first == UInt8(ascii: "|"),
            ["<<<<<<<", "=======", ">>>>>>>", "|||||||"].contains(where: { line.hasPrefix($0) })
        {
            return .failure(.conflictMarker)
        }
        // One pass over the bytes: NULs, and U+FFFD, which stands for bytes that were not
        // UTF-8 (a checksummed line may hold one the server sent; its checksum tells).
        var previous: (UInt8, UInt8) = (0xFF, 0xFF)
        var replaced = false
        for byte in line.utf8 {
            if byte == 0 { return .failure(.nulBytes) }
            if byte == 0xBD && previous == (0xEF, 0xBF) { replaced = true }
            previous = (previous.1, byte)
        }
        // Split and checked as bytes: Character-wise splitting and Foundation's searches cost
        // several times the rest of replaying a journal of 100,000 readers.
        let fields = line.utf8.split(separator: UInt8(ascii: "\t"), maxSplits: 5, omittingEmptySubsequences: false).map(Substring.init)
        if fields.count == 5 {
            let sum = fields[4].utf8
            var expected: UInt32 = 0
            for byte in sum {
                let value: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): value = byte - UInt8(ascii: "a") + 10
                default: return .failure(replaced ? .notText : .notJournalLine)
                }
                expected = expected << 4 | UInt32(value)
            }
            guard sum.count == 8 else { return .failure(replaced ? .notText : .notJournalLine) }
            guard checksum(line.utf8.dropLast(sum.count + 1)) == expected else { return .failure(replaced ? .notText : .checksum) }
            if fields[0] == "journal" && fields[3] == headerDetail { return .success(.header) }
            let event = String(fields[0])
            guard SendJournal.Event(rawValue: event) != nil else { return .failure(.notJournalLine) }
            return .success(
                .fields(
                    event: event, reader: SendJournal.unescape(fields[1]), messageID: SendJournal.unescape(fields[2]),
                    detail: SendJournal.unescape(fields[3]), checked: true))
        }
        // Format 1: three fields are the same line with its empty detail's tab trimmed away
        // (an editor that strips trailing whitespace must not turn an intent into nothing).
        guard fields.count == 3 || fields.count == 4, formatOneEvents.contains(fields[0]),
            fields[0] == "closed" || !fields[1].isEmpty,
            !line.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" })
        else { return .failure(replaced ? .notText : .notJournalLine) }
        if strict { return .failure(.missingChecksum) }
        return .success(
            .fields(
                event: String(fields[0]), reader: SendJournal.unescape(fields[1]), messageID: SendJournal.unescape(fields[2]),
                detail: fields.count == 4 ? SendJournal.unescape(fields[3]) : "", checked: false))
    }
}
