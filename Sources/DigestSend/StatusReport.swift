import DigestCore
import DigestJournal
import DigestMail
import Foundation

/// What `digest send --status` prints: every route the issue was sent through (SMTP, the
/// outbox), whichever the command would use now, each with its counts held against the
/// list, the readers that need a decision named, and any damage in the records.
public struct StatusReport: Sendable {
    public var text: String
    /// Whether a reader needs the editor's decision (refused or uncertain, and still
    /// subscribed), or a record is damaged: `--status` then exits 1.
    public var needsAttention: Bool

    /// - Parameters:
    ///   - routes: the issue's records, the route the command would send through first;
    ///     those with no record are left out unless none has one.
    ///   - key: finds readers in a committed summary; without it the summary's counts are shown.
    ///   - list: the subscriber list, read once per route, or `nil` when there is none.
    public init(routes: [SendHistory], key: UnsubscribeKey?, list: SubscriberList.Stream?) throws {
        var lines: [String] = []
        var attention = false
        let shown = routes.filter(\.exists)
        for (index, history) in (shown.isEmpty ? Array(routes.prefix(1)) : shown).enumerated() {
            if index > 0 {
                lines.append("")
                // A stream's first pass must not be a rewind: that would cap it at nothing read.
                try list?.rewind()
            }
            attention = try Self.describe(history, key: key, list: list, into: &lines) || attention
        }
        text = lines.joined(separator: "\n") + "\n"
        needsAttention = attention
    }

    /// Appends one route's lines; returns whether it needs attention.
    private static func describe(_ history: SendHistory, key: UnsubscribeKey?, list: SubscriberList.Stream?, into lines: inout [String])
        throws -> Bool
    {
        var attention = false
        let journal = history.readableJournal
        let onDisk = FileManager.default.fileExists(atPath: journal.path)
        // SMTP and SES share one journal: a reader mailed through one is never mailed through the other.
        let route = history.toOutbox ? "the outbox" : "SMTP and SES"
        lines.append(
            "journal: \(history.shown(journal)) (\(route)\(onDisk ? "" : history.exists ? ", not on this machine" : ", no send yet"))")
        var replay: JournalReplay
        var problems: [String] = []
        do {
            replay = try history.read(key: key, toleratingDamage: true)
        } catch {
            // The summary could not be used (damaged, or another secret): the journal alone.
            problems.append(error.description.replacingOccurrences(of: "; nothing was sent", with: ""))
            replay = (try? history.read(key: nil, toleratingDamage: true)) ?? JournalReplay()
        }
        // Without the secret a summary's readers cannot be found on the list. Where it names
        // no more readers than this machine's journal (which it was written from), the
        // journal says it all; else its own counts are shown, and what remains is not known.
        var blindSummary: SentSummary?
        if let summaryURL = history.summaryURL, FileManager.default.fileExists(atPath: summaryURL.path) {
            lines.append("summary: \(history.shown(summaryURL)) (commit it)")
            if key == nil {
                do {
                    let tally = replay.tally
                    if let summary = try history.summary(), summary.readerCount > tally.accepted + tally.refused + tally.uncertain {
                        blindSummary = summary
                    }
                } catch {
                    problems.append(error.description.replacingOccurrences(of: "; nothing was sent", with: ""))
                }
            }
        }
        var status = SendStatus(replay: replay)
        if let list {
            while let subscriber = try list.next() { status.count(subscriber) }
        }
        var rows = [
            ("sent", status.accepted), ("failed", status.refused), ("uncertain", status.uncertain), ("remaining", status.remaining),
        ]
        if let counts = blindSummary?.counts {
            rows = [("sent", counts.accepted), ("failed", counts.refused), ("uncertain", counts.uncertain)]
            attention = attention || counts.refused + counts.uncertain > 0
        }
        let width = rows.map { $0.1.grouped.count }.max() ?? 1
        for (name, count) in rows {
            let text = count.grouped
            lines.append(name.padding(toLength: 10, withPad: " ", startingAt: 0) + String(repeating: " ", count: width - text.count) + text)
        }
        if blindSummary != nil {
            lines.append("remaining is not known: set DIGEST_UNSUBSCRIBE_SECRET to hold the list against the summary")
        } else if list == nil {
            lines.append("remaining is not known: there is no subscriber list")
        }

        // With a list, the subscribed readers who need a decision; without, the journal's.
        let named: [(reader: String, standing: ReaderStanding)] =
            list != nil ? status.needingDecision : replay.unsettled.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let uncertain = named.compactMap { item in
            if case .uncertain(let reason) = item.standing { (item.reader, reason) } else { nil }
        }
        let refused = named.compactMap { item in
            if case .refused(let reply) = item.standing { (item.reader, reply) } else { nil }
        }
        if !uncertain.isEmpty {
            attention = true
            lines.append(
                "uncertain, \(uncertain.count.grouped) (the server may have taken it: send again with --resend-uncertain, or leave them):")
            lines += uncertain.map { "  \($0.0)  \($0.1)" }
        }
        if !refused.isEmpty {
            attention = true
            lines.append("refused, \(refused.count.grouped) (not mailed again: mend or remove the address):")
            lines += refused.map { "  \($0.0)  \($0.1)" }
        }
        if !replay.damage.isEmpty {
            attention = true
            lines += replay.damage.map(\.description)
            if replay.damagedLines > replay.damage.count {
                lines.append("… and \((replay.damagedLines - replay.damage.count).grouped) more damaged lines")
            }
            lines.append(
                "the counts above come from the lines that can be read; a send of this issue stops until the journal is mended: "
                    + JournalError.damageAdvice(path: history.shown(journal)).replacingOccurrences(of: "; nothing was sent", with: ""))
        }
        if !problems.isEmpty {
            attention = true
            lines += problems
        }
        return attention
    }
}
