import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Delivers messages into a Maildir folder (`tmp/`, `new/`, `cur/`), which any mail client
/// can open: the transport when no SMTP server is configured.
///
/// Each message is written to `tmp/`, flushed to disk, and linked into `new/` under a name
/// made from its Message-ID, so delivering the same message twice finds it already there
/// instead of leaving a second copy.
public struct MaildirOutbox: Sendable {
    public let folder: URL

    public init(folder: URL) {
        self.folder = folder
    }

    /// What a delivery did.
    public enum Delivery: Equatable, Sendable {
        case delivered(URL)
        /// The message was delivered before; nothing was written.
        case alreadyThere(URL)
    }

    /// Creates `tmp/`, `new/` and `cur/` if they are missing.
    public func prepare() throws {
        // Each message names its reader: the folders and files are the user's alone, as a
        // mail server keeps a Maildir (a folder that exists keeps the mode it has).
        for sub in ["", "tmp", "new", "cur"] {
            try FileManager.default.createDirectory(
                at: folder.appendingPathComponent(sub), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
    }

    /// The file name of a message: its Message-ID without brackets, made safe for a file name.
    public static func fileName(for message: OutgoingMessage) -> String {
        let id = message.messageID.trimmingCharacters(in: CharacterSet(charactersIn: "<>"))
        let safe = id.unicodeScalars.map { scalar -> String in
            let allowed =
                (scalar.value >= 0x30 && scalar.value <= 0x39) || (scalar.value | 0x20 >= 0x61 && scalar.value | 0x20 <= 0x7A)
                || scalar == "-" || scalar == "." || scalar == "_" || scalar == "@"
            return allowed ? String(scalar) : "_"
        }.joined()
        return "\(safe).eml"
    }

    public func deliver(_ message: OutgoingMessage) throws -> Delivery {
        try prepare()
        return try store(message, read: readMessages())
    }

    /// The messages a mail client has moved to `cur/`, by the name they were written under:
    /// a client adds flags to the name as it moves one (`NAME:2,S`).
    func readMessages() -> [String: String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("cur").path)) ?? []
        return Dictionary(names.map { (MaildirName.unique($0), $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Writes one message into an outbox already prepared; `read` is ``readMessages()``.
    func store(_ message: OutgoingMessage, read: [String: String]) throws -> Delivery {
        let name = Self.fileName(for: message)
        let final = folder.appendingPathComponent("new").appendingPathComponent(name)
        if FileManager.default.fileExists(atPath: final.path) { return .alreadyThere(final) }
        if let seen = read[name] { return .alreadyThere(folder.appendingPathComponent("cur").appendingPathComponent(seen)) }
        let temporary = folder.appendingPathComponent("tmp").appendingPathComponent("\(name).\(getpid()).\(UUID().uuidString)")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw Self.error(temporary, errno) }
        let written = message.bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let flushed = fsync(descriptor)
        close(descriptor)
        defer { unlink(temporary.path) }
        guard written == message.bytes.count, flushed == 0 else { throw Self.error(temporary, errno) }
        if link(temporary.path, final.path) != 0 {
            let code = errno
            if code == EEXIST { return .alreadyThere(final) }
            throw Self.error(final, code)
        }
        return .delivered(final)
    }

    static func error(_ url: URL, _ code: Int32) -> Error {
        CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path, NSLocalizedDescriptionKey: String(cString: strerror(code))])
    }
}

extension MaildirOutbox: Transport {
    /// Writes each message into the outbox, one after another. A message already there
    /// counts as delivered; a write that fails (a full disk) stops the send, since every
    /// later message would fail the same way.
    public func deliver(from source: DeliverySource, stop: StopSignal) throws {
        do {
            try prepare()
        } catch {
            // A path that is a file, or a folder digest may not write: said in words, since the
            // send prints any other error as it stands (Error Domain=NSCocoaErrorDomain …).
            throw DeliveryFailure(
                "cannot make the outbox \(folder.path) (\(error.localizedDescription)); name a folder digest can create and write, such as maildir:Outbox"
            )
        }
        // Read once: a message this send writes is in new/ until a client moves it, and the
        // journal keeps the send from writing it again.
        let read = readMessages()
        while !stop.isRequested, let message = try source.next() {
            try source.willCommit(message)
            let delivery: Delivery
            do {
                delivery = try store(message, read: read)
            } catch {
                try source.finished(message, .deferred(reason: "not written: \(error.localizedDescription)"))
                throw DeliveryFailure("cannot write to the outbox \(folder.path): \(error.localizedDescription)")
            }
            switch delivery {
            case .delivered(let url):
                try source.finished(message, .accepted(reply: "written to new/\(url.lastPathComponent)"))
            case .alreadyThere(let url):
                let place = "\(url.deletingLastPathComponent().lastPathComponent)/\(url.lastPathComponent)"
                try source.finished(message, .accepted(reply: "already in \(place)"))
            }
        }
    }
}
