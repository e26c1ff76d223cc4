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
    private static let formatOneEvents: Set<String> = ["reserved", "intent", "accepted", "failed", "deferred", "uncertain", "closed"]

    /// Reads one complete line (its bytes, without the newline). `strict` once a checksummed
    /// line was read: from then on every line must carry one. Returns what the line holds, or
    /// why it cannot be read. It works on the bytes: a journal of 100,000 readers has 300,000
    /// lines, and Strings are made only of the fields a line has.
    static func parse(_ raw: UnsafeBufferPointer<UInt8>, strict: Bool) -> Result<Content, JournalDamage.Kind> {
        // A checkout that turned line ends into CRLF has not damaged the line.
        let line = raw.last == UInt8(ascii: "\r") ? UnsafeBufferPointer(rebasing: raw.dropLast()) : raw
        if let first = line.first, [UInt8(ascii: "<"), UInt8(ascii: "="), UInt8(ascii: ">"), UInt8(ascii: "|")].contains(first),
            line.count >= 7, line.prefix(7).allSatisfy({ $0 == first })
        {
            return .failure(.conflictMarker)
        }
        // One pass: NULs, U+FFFD (which stands for bytes that were not UTF-8 once; a
        // checksummed line may hold one a server sent, and its checksum tells), and the tabs.
        var tabs: [Int] = []
        tabs.reserveCapacity(4)
        var replaced = false
        for index in line.indices {
            switch line[index] {
            case 0: return .failure(.nulBytes)
            case UInt8(ascii: "\t"): tabs.append(index)
            case 0xBD where index >= 2 && line[index - 2] == 0xEF && line[index - 1] == 0xBF: replaced = true
            default: break
            }
        }
        func field(_ number: Int) -> UnsafeBufferPointer<UInt8> {
            let start = number == 0 ? 0 : tabs[number - 1] + 1
            let end = number < tabs.count ? tabs[number] : line.count
            return UnsafeBufferPointer(rebasing: line[start..<end])
        }
        func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
            let string = String(decoding: bytes, as: UTF8.self)
            return bytes.contains(UInt8(ascii: "\\")) ? SendJournal.unescape(Substring(string)) : string
        }
        if tabs.count == 4 {
            let sum = field(4)
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
            guard checksum(UnsafeBufferPointer(rebasing: line[..<tabs[3]])) == expected else {
                return .failure(replaced ? .notText : .checksum)
            }
            // Events are short: their Strings are kept inline, not allocated.
            let event = String(decoding: field(0), as: UTF8.self)
            if event == "journal" && String(decoding: field(3), as: UTF8.self) == headerDetail { return .success(.header) }
            guard SendJournal.Event(rawValue: event) != nil else { return .failure(.notJournalLine) }
            return .success(.fields(event: event, reader: text(field(1)), messageID: text(field(2)), detail: text(field(3)), checked: true))
        }
        // Format 1: three fields are the same line with its empty detail's tab trimmed away
        // (an editor that strips trailing whitespace must not turn an intent into nothing).
        guard tabs.count == 2 || tabs.count == 3, String(validating: line, as: UTF8.self) != nil else {
            return .failure(replaced || String(validating: line, as: UTF8.self) == nil ? .notText : .notJournalLine)
        }
        let event = String(decoding: field(0), as: UTF8.self)
        guard formatOneEvents.contains(event), event == "closed" || !field(1).isEmpty,
            !line.contains(where: { $0 < 0x20 && $0 != UInt8(ascii: "\t") })
        else { return .failure(replaced ? .notText : .notJournalLine) }
        if strict { return .failure(.missingChecksum) }
        return .success(
            .fields(
                event: event, reader: text(field(1)), messageID: text(field(2)), detail: tabs.count == 3 ? text(field(3)) : "",
                checked: false))
    }
}
