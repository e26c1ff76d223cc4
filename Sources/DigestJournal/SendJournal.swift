import DigestCore
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The append-only record of one issue's send, which lets a killed send resume without
/// mailing anyone twice or skipping anyone.
///
/// Each line is `event TAB reader TAB message-id TAB detail TAB checksum` (``JournalLine``;
/// journals from before the checksum are still read), after a header line that names the
/// format; an `issue` line notes the fingerprint of what a run sends. Before a reader's message is
/// made, a `reserved` line names the reader and this run (the boot of the system and a run
/// identifier); just before the message's commit point (the final dot of SMTP DATA, the link
/// into the outbox) an `intent` line is written; after it, what became of it (`accepted` with
/// the server's reply and queue id, `failed`, `deferred` or `uncertain`); and a run that ends
/// however it ends, short of being killed, says so with a `closed` line. On the next run a
/// reader whose last line is `accepted` or `failed` is not mailed, one with no line or a
/// `deferred` one is, and one whose last line is an `intent` or `uncertain` is *uncertain*:
/// the message may or may not have been taken, so it is reported rather than guessed.
///
/// When lines reach the disk:
/// - Every line is written with `write(2)` before the send goes on, so a killed process
///   (SIGKILL, a crash, Ctrl-C twice) loses nothing: the kernel holds the line. After a kill
///   a `reserved` line without an `intent` after it means the message never reached its
///   commit point, and the reader is simply sent.
/// - Reservations are on disk before any of their messages is handed to the transport:
///   DigestSend's `SendJob` reserves 64 readers at a time (more, up to 512, on a disk whose
///   flushes take longer than a batch lasts), a batch ahead, ``reserve(_:)`` wakes the
///   flushing thread at once, and ``makeDurable(upTo:)`` waits for it (rarely) before the
///   batch's first message goes. Intents and outcomes are not flushed one by one.
/// - Every line is flushed by a thread of the journal's own every ``flushInterval`` (so at
///   most that long after it is written, however long the send then waits), and at the
///   end; the thread that sends never waits for the disk.
/// - A power cut or a crash of the system can lose what was written since the last flush,
///   intents included. It also changes the boot, so a reservation from another boot with no
///   line after it, nor a `closed` line of its run, is read as *uncertain*: the message may
///   have gone. At most two batches of reservations per run (128 readers, or twice the
///   largest batch a slow disk led to), plus the outcomes of the last
///   tenth of a second, become uncertain that way; nobody is mailed twice, nobody is skipped.
/// - A torn last line (the process died mid-write) is ignored on reading and cut off when
///   the journal is next opened. Any other line that cannot be read is damage: replaying
///   stops with its line number rather than read the journal as emptier than it is.
public final class SendJournal: Sendable {
    /// What happened to one reader's message.
    public enum Event: String, Sendable, CaseIterable {
        case reserved
        case intent
        case accepted
        /// Written `failed`, the word journals have always used, so old ones read the same.
        case refused = "failed"
        case deferred
        case uncertain
        case closed
        /// The fingerprint of the issue a run sends (in the message-id field), and what the
        /// editor accepted about it.
        case issue
    }

    /// The most time a line waits before it is flushed to disk.
    public static let flushInterval = 0.1

    public let url: URL
    /// This run, as its `reserved` and `closed` lines name it: the boot, then a random part.
    public let run: String
    private let descriptor: Int32
    private let lockDescriptor: Int32
    private let state: Mutex<State>
    /// Held while lines are written: one `write(2)` at a time, so that a line the disk took
    /// only part of is cut off before another follows it. A lock that waits without
    /// spinning, with `state` held only to read and count: K connections spinning on
    /// `state`'s Mutex through one another's `write(2)` cost a send at K = 4 2% of its CPU.
    private let writing = NSLock()
    /// Wakes the flushing thread every ``flushInterval`` until the journal goes.
    private let flushTimer = FlushTimer()

    /// Opens (or creates) the journal at `url`, holding a lock so that no other send of the
    /// same issue can run at the same time. `backgroundFlush: false` leaves every flush to
    /// explicit calls (tests use it to show that a send never relies on the thread's luck).
    public init(url: URL, backgroundFlush: Bool = true) throws(JournalError) {
        self.url = url
        run = Self.runName(boot: BootSession.current)
        do {
            // The journal names every reader: a folder made for it is the user's alone, like
            // the file (a folder that exists keeps the mode it has).
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            if let file = Self.fileInPlaceOfFolder(above: url) {
                throw .io(
                    path: file.path,
                    reason: "this is not a folder (a file, or a link to nothing) where the journal's folder should be; "
                        + "move it aside and send again (nothing was sent)")
            }
            throw .io(path: url.path, reason: error.localizedDescription)
        }
        let lockPath = url.path + ".lock"
        lockDescriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lockDescriptor >= 0 else { throw .io(path: lockPath, reason: String(cString: strerror(errno))) }
        if flock(lockDescriptor, LOCK_EX | LOCK_NB) != 0 {
            closeFile(lockDescriptor)
            throw .locked(path: url.path)
        }
        // Only its owner reads a journal: every line names a subscriber.
        descriptor = open(url.path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            closeFile(lockDescriptor)
            throw .io(path: url.path, reason: reason)
        }
        Self.cutTornLine(descriptor)
        let length = max(0, lseek(descriptor, 0, SEEK_END))
        // What an earlier run left is treated as flushed: the lines it lost are not ours to count.
        state = Mutex(State(writtenLength: length, flushedLength: length))
        if length == 0 {
            // A new journal says its format first; an old one goes on with checksummed lines.
            do {
                try append(JournalLine.encode("journal", reader: "", messageID: "", detail: JournalLine.headerDetail))
            } catch {
                closeFile(descriptor)
                closeFile(lockDescriptor)
                throw error
            }
        }
        if backgroundFlush { startFlushing() }
    }

    /// Flushes what was written since the last flush, every ``flushInterval``, on a
    /// thread that holds the journal only while it flushes.
    private func startFlushing() {
        let timer = flushTimer
        let thread = Thread { [weak self] in
            defer { timer.markExited() }
            while timer.wait(seconds: Self.flushInterval) {
                // A failed flush marks the journal broken: the next line written stops the send.
                try? self?.sync()
            }
        }
        thread.name = "digest journal flusher"
        timer.attach(thread)
        thread.start()
    }

    /// What the writers and the flushing thread share, behind `state`.
    private struct State {
        /// The journal's length after the last line written, and the length known to be on
        /// disk (the most a power cut could cut it back to).
        var writtenLength = 0
        var flushedLength = 0
        /// The furthest a flush under way will reach once it returns (0 when none is).
        var flushingLength = 0
        /// The write failure that stopped the journal, if one did.
        var broken: JournalError?
        /// Closed by ``close()``: the file and its lock are let go.
        var isClosed = false
    }

    /// A wait that can be cut short, once (``wake()``) or for good (``stop()``).
    // Unchecked: every variable is read and written with `condition` held. The flushing
    // thread waits on it with a timeout, which Synchronization's Mutex cannot do.
    private final class FlushTimer: @unchecked Sendable {
        private let condition = NSCondition()
        private var woken = false
        private var stopped = false

        /// Waits `seconds` or until woken; `false` once ``stop()`` was called.
        func wait(seconds: Double) -> Bool {
            condition.lock()
            defer { condition.unlock() }
            if !stopped && !woken { _ = condition.wait(until: Date(timeIntervalSinceNow: seconds)) }
            woken = false
            return !stopped
        }

        func wake() {
            condition.lock()
            woken = true
            condition.broadcast()
            condition.unlock()
        }

        /// Stops the waits for good, and waits for the flushing thread to leave its loop
        /// (unless called from that thread, when the journal goes away on it).
        func stopAndWait() {
            condition.lock()
            defer { condition.unlock() }
            stopped = true
            condition.broadcast()
            guard let thread, Thread.current != thread else { return }
            while !exited { condition.wait() }
        }

        /// The flushing thread, once started, and whether it has left its loop.
        private var thread: Thread?
        private var exited = false

        func attach(_ flusher: Thread) {
            condition.lock()
            thread = flusher
            condition.unlock()
        }

        func markExited() {
            condition.lock()
            exited = true
            condition.broadcast()
            condition.unlock()
        }
    }

    /// A run's name: the boot it runs in, then a part no other run shares.
    static func runName(boot: String?) -> String {
        let random = (0..<2).map { _ in String(UInt64.random(in: .min ... .max), radix: 16) }.joined(separator: "-")
        return "\(boot ?? "unknown-boot")/\(random)"
    }

    /// A last line without its newline was torn by a kill; with the lock held, nobody else
    /// writes, so it is cut off before new lines follow it.
    private static func cutTornLine(_ descriptor: Int32) {
        var end = lseek(descriptor, 0, SEEK_END)
        guard end > 0 else { return }
        var byte: UInt8 = 0
        while end > 0 {
            guard pread(descriptor, &byte, 1, end - 1) == 1 else { return }
            if byte == UInt8(ascii: "\n") { break }
            end -= 1
        }
        if end != lseek(descriptor, 0, SEEK_END) {
            _ = ftruncate(descriptor, end)
            fsync(descriptor)
        }
    }

    deinit { close() }

    /// Stops the flushing thread and waits for it, flushes, and lets go of the file and its
    /// lock, so that the next send of the issue can open it at once; nothing more can be
    /// written. Safe to call more than once.
    public func close() {
        // A line being written is finished first: the file goes only once nobody writes to it.
        writing.lock()
        let wasClosed = state.withLock { state in
            defer { state.isClosed = true }
            return state.isClosed
        }
        writing.unlock()
        guard !wasClosed else { return }
        flushTimer.stopAndWait()
        // After closeRun everything is on disk already: a flush more costs the end of every
        // send a wait on the disk (1-90 ms here) for nothing.
        if state.withLock({ $0.writtenLength > $0.flushedLength }) { fsync(descriptor) }
        closeFile(descriptor)
        flock(lockDescriptor, LOCK_UN)
        closeFile(lockDescriptor)
    }

    /// Appends one line with a single `write(2)`; ``sync()`` flushes it to disk.
    public func record(_ event: Event, reader: String, messageID: String, detail: String = "") throws(JournalError) {
        try append(Self.line(event, reader: reader, messageID: messageID, detail: detail))
    }

    /// Reserves `readers` for this run and asks the flushing thread to put them on disk now;
    /// returns where their lines end, for ``makeDurable(upTo:)``. None of their messages may
    /// reach its commit point before that says they are on disk.
    public func reserve(_ readers: [String]) throws(JournalError) -> Int {
        guard !readers.isEmpty else { return 0 }
        let end = try append(readers.flatMap { Self.line(.reserved, reader: $0, messageID: "", detail: run) })
        flushTimer.wake()
        return end
    }

    /// Returns once the journal is on disk up to `offset`, flushing it if the flushing thread
    /// has not yet.
    public func makeDurable(upTo offset: Int) throws(JournalError) {
        // A flush already under way that reaches `offset` is waited for rather than doubled:
        // a second fsync right behind it waits for the disk as long again (8-10 ms each on
        // this machine under load, when two threads flushed in turn, once per batch each).
        var failure: JournalError?
        var mustFlush = false
        flushDone.lock()
        while true {
            let (done, covered, broken) = state.withLock { ($0.flushedLength >= offset, $0.flushingLength >= offset, $0.broken) }
            if let broken {
                failure = broken
                break
            }
            if done { break }
            guard covered else {
                mustFlush = true
                break
            }
            // Woken by the flush's end: it sets the state before it signals, and this check is
            // made with `flushDone` held, so the signal cannot fall between the two. The
            // timeout only bounds a wait should a flush never come back.
            _ = flushDone.wait(until: Date(timeIntervalSinceNow: 1))
        }
        flushDone.unlock()
        if let failure { throw failure }
        if mustFlush { try sync() }
    }

    /// Signalled whenever a flush ends, for ``makeDurable(upTo:)``'s waits.
    private let flushDone = NSCondition()

    /// Notes that this run ended with every message it handed out settled, so its
    /// reservations without an intent were never sent, flushes the journal and closes it.
    public func closeRun() throws(JournalError) {
        // Every line before `closed` goes to disk first: the system writes pages back in no
        // set order, and a `closed` that outlived an intent would release its reservation.
        try sync()
        try append(Self.line(.closed, reader: "", messageID: "", detail: run))
        try sync()
        close()
    }

    /// How much of the journal is certainly on disk: what a power cut now would leave at least.
    public var flushedBytes: Int {
        state.withLock { $0.flushedLength }
    }

    private static func line(_ event: Event, reader: String, messageID: String, detail: String) -> [UInt8] {
        JournalLine.encode(event.rawValue, reader: reader, messageID: messageID, detail: detail)
    }

    /// A field with its backslashes, tabs and line breaks escaped, so a line stays one line
    /// of four fields. Every message writes two lines whose fields (an address, a
    /// Message-ID, a server's reply) almost never need escaping: those are copied whole.
    static func appendEscaped(_ field: String, to bytes: inout [UInt8]) {
        let plain = field.utf8.withContiguousStorageIfAvailable { !$0.contains(where: needsEscape) }
        if plain ?? !field.utf8.contains(where: needsEscape) {
            bytes += field.utf8
            return
        }
        for byte in field.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "\t"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case UInt8(ascii: "\n"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\r"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            default: bytes.append(byte)
            }
        }
    }

    /// The nearest of the folders above `url` that is there as something other than a
    /// folder (an `Outbox` file, a link to nothing): why its folder could not be made.
    static func fileInPlaceOfFolder(above url: URL) -> URL? {
        var folder = url.deletingLastPathComponent()
        while folder.path != "/" {
            // Of the entry itself: a link to nothing is there, though `fileExists` says not.
            if (try? FileManager.default.attributesOfItem(atPath: folder.path)) != nil {
                var isFolder: ObjCBool = false
                let leadsToFolder = FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) && isFolder.boolValue
                return leadsToFolder ? nil : folder
            }
            folder.deleteLastPathComponent()
        }
        return nil
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }

    /// Writes whole lines with one `write(2)`; returns the journal's length after them.
    @discardableResult
    private func append(_ bytes: [UInt8]) throws(JournalError) -> Int {
        writing.lock()
        defer { writing.unlock() }
        let length = try state.withLock { (state) throws(JournalError) -> Int in
            if let broken = state.broken { throw broken }
            if state.isClosed { throw .io(path: url.path, reason: "the journal is closed; nothing more can be written to it") }
            return state.writtenLength
        }
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            let failure = JournalError.io(
                path: url.path,
                reason: written < 0 ? String(cString: strerror(errno)) : "the disk took only part of a line (is it full?)")
            // Part of a line must not stay for the next one to be glued to; and nothing more
            // is written in this run, since a journal with a gap cannot be trusted.
            if written > 0 { _ = ftruncate(descriptor, length) }
            state.withLock { $0.broken = failure }
            throw failure
        }
        return state.withLock { state in
            state.writtenLength += written
            return state.writtenLength
        }
    }

    /// Flushes every line written so far to disk, if any is not yet. The flush runs outside
    /// the lock, so the thread sending messages never waits on another thread's flush.
    public func sync() throws(JournalError) {
        let target = try state.withLock { (state) throws(JournalError) -> Int? in
            if let broken = state.broken { throw broken }
            // Closing flushed everything, and the file is no longer ours to flush.
            if state.isClosed { return nil }
            guard state.writtenLength > state.flushedLength else { return nil }
            state.flushingLength = max(state.flushingLength, state.writtenLength)
            return state.writtenLength
        }
        guard let target else { return }
        let flushed = fsync(descriptor) == 0
        let code = errno
        let failure = state.withLock { (state) -> JournalError? in
            guard flushed else {
                // After a failed fsync the system may have dropped the lines it could not write:
                // nothing after them can be trusted, so the journal takes no more.
                let failure = JournalError.io(path: url.path, reason: "cannot flush to disk: \(String(cString: strerror(code)))")
                state.broken = failure
                return failure
            }
            state.flushedLength = max(state.flushedLength, target)
            return nil
        }
        flushDone.lock()
        flushDone.broadcast()
        flushDone.unlock()
        if let failure { throw failure }
    }

    /// What the journal at `url` says, read line by line (an empty record when there is none),
    /// for a process running in the boot `boot`. A line that cannot be read, other than a
    /// torn last one, throws ``JournalError/damaged(_:count:)`` naming it by `path` (the file's
    /// path as the editor sees it); with `toleratingDamage` the record keeps the damage in
    /// ``JournalReplay/damage`` instead, and what the readable lines say (for `--status`).
    public static func replay(
        at url: URL, boot: String? = BootSession.current, path: String? = nil, toleratingDamage: Bool = false
    ) throws(JournalError) -> JournalReplay {
        var replay = JournalReplay(boot: boot)
        guard FileManager.default.fileExists(atPath: url.path) else { return replay }
        let shownPath = path ?? url.path
        var number = 0
        var strict = false
        do {
            try LineReader.forEachLine(in: url) { line, complete in
                number += 1
                // A line without its newline was torn by a kill: it was never written whole.
                guard complete, !line.isEmpty else { return }
                switch JournalLine.parse(line, strict: strict) {
                case .success(.header):
                    strict = true
                case .success(.fields(let event, let reader, let messageID, let detail, let checked)):
                    strict = strict || checked
                    // Journals from before keys were lowercased whole name `Editor@example.org`
                    // where the list now says `editor@example.org`: read both as one reader.
                    replay.apply(
                        event: event, reader: MailboxKey.of(reader), messageID: messageID, detail: detail, line: number)
                case .failure(let kind):
                    replay.noteDamage(JournalDamage(path: shownPath, line: number, kind: kind))
                }
            }
        } catch {
            throw .io(path: url.path, reason: error.localizedDescription)
        }
        replay.settleReservations()
        if !toleratingDamage, !replay.damage.isEmpty { throw .damaged(replay.damage, count: replay.damagedLines) }
        return replay
    }

    static func unescape(_ field: Substring) -> String {
        // Bytes, not Foundation's `contains`: it is asked of every field of every line.
        guard field.utf8.contains(UInt8(ascii: "\\")) else { return String(field) }
        var result = ""
        var escaping = false
        for character in field {
            if escaping {
                switch character {
                case "t": result.append("\t")
                case "n": result.append("\n")
                case "r": result.append("\r")
                default: result.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                result.append(character)
            }
        }
        return result
    }
}

/// A journal that cannot be used.
public enum JournalError: Error, Sendable, CustomStringConvertible {
    case locked(path: String)
    case io(path: String, reason: String)
    /// Lines that cannot be read (the first few of them), and how many there are in all.
    case damaged([JournalDamage], count: Int)

    public var description: String {
        switch self {
        case .locked(let path): "\(path): another send of this issue is running; wait for it, or stop it with Ctrl-C"
        case .io(let path, let reason): "\(path): \(reason)"
        case .damaged(let lines, let count):
            (lines.map(\.description) + (count > lines.count ? ["… and \(count - lines.count) more damaged lines"] : []) + [
                Self.damageAdvice(path: lines.first?.path ?? "the journal")
            ]).joined(separator: "\n")
        }
    }

    /// What an editor can do about a damaged journal.
    public static func damageAdvice(path: String) -> String {
        if path.hasSuffix(".sent") {
            return
                "\(path) is the committed summary of who was sent this issue, and a damaged one could mail readers twice: take a whole version of it from git (after a merge, the side of the machine that sent last: `git checkout --theirs \(path)`), then run the send there, which rewrites it from its journal; nothing was sent"
        }
        return
            "\(path) is the record of who was sent this issue, and a damaged one could mail readers twice: restore it from a backup, or mend the lines named above (deleting a reader's lines mails that reader again); nothing was sent"
    }
}

/// `close(2)`, for the journal whose own `close()` hides it.
private func closeFile(_ descriptor: Int32) {
    _ = close(descriptor)
}
