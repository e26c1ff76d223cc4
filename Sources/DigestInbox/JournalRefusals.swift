import DigestJournal
import Foundation

/// The permanent refusals a send met itself (`550 5.1.1 user unknown` at RCPT TO), read from
/// the send journals in `.digest/journal/`: a reader refused for good at send time is
/// bounced without waiting for a notification that may never come.
public enum JournalRefusals {
    /// One refusal: the journal's issue, the reader's key and the server's reply.
    public struct Refusal: Sendable, Equatable {
        public var issue: String
        public var reader: String
        public var reply: String
    }

    /// Every refusal for the reader's mailbox (a 5.1.x code) in the journals of `folder`;
    /// a journal that cannot be read is skipped with a note.
    public static func read(folder: URL) -> (refusals: [Refusal], notes: [String]) {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".journal") }.sorted()
        var refusals: [Refusal] = []
        var notes: [String] = []
        for name in names {
            let url = folder.appendingPathComponent(name)
            let replay: JournalReplay
            do {
                replay = try SendJournal.replay(at: url, toleratingDamage: true)
            } catch {
                notes.append("\(url.path): \(error.description); its refusals were not read")
                continue
            }
            let issue = String(name.dropLast(".journal".count))
            for (reader, standing) in replay.unsettled.sorted(by: { $0.key < $1.key }) {
                guard case .refused(let reply) = standing, StatusCode(reply)?.meaning == .permanent else { continue }
                refusals.append(Refusal(issue: issue, reader: reader, reply: reply))
            }
        }
        return (refusals, notes)
    }
}
