import DigestCore
import DigestMail
import Foundation

/// What `digest send` prints when it ends, and what `--status` prints.
public struct SendReport: Sendable {
    public var counts: SendJob.Counts
    public var notable: [SendJob.Notable]
    public var seconds: Double
    public var destination: String
    public var subject: String
    public var dryRun: Bool
    public var testing: Bool
    public var interrupted: Bool
    public var path: String
    public var largest: Int
    /// What stopped the send: `Ctrl-C`, `SIGTERM`, `SIGHUP`.
    public var stoppedBy = "Ctrl-C"
    /// Whether a failure stopped the send (the route could not be used, say): a send that
    /// tried nobody then says so in counts, not "nothing left to send".
    public var failed = false

    public init(
        counts: SendJob.Counts, notable: [SendJob.Notable], seconds: Double, destination: String, subject: String, dryRun: Bool,
        testing: Bool, interrupted: Bool, path: String, largest: Int, stoppedBy: String = "Ctrl-C"
    ) {
        self.counts = counts
        self.notable = notable
        self.seconds = seconds
        self.destination = destination
        self.subject = subject
        self.dryRun = dryRun
        self.testing = testing
        self.interrupted = interrupted
        self.path = path
        self.largest = largest
        self.stoppedBy = stoppedBy
    }

    /// Whether every reader is settled and mailed: nothing refused or deferred in this run,
    /// in doubt (now or from before) or cut short.
    public var isComplete: Bool {
        counts.refused == 0 && counts.deferred == 0 && counts.uncertain == 0 && counts.alreadyUncertain == 0 && !interrupted
    }

    /// Readers named per group; `--status` names them all.
    public static let namedPerGroup = 20

    public var text: String {
        var lines: [String] = []
        let perSecond = seconds > 0 ? Double(counts.accepted) / seconds : 0
        let rate =
            seconds <= 0 ? "" : perSecond >= 10 ? " (\(Int(perSecond.rounded()).grouped)/s)" : String(format: " (%.1f/s)", perSecond)
        let time = String(format: "%.1f s", seconds)
        if dryRun {
            lines.append(
                "dry run: \(counts.accepted.grouped) message\(counts.accepted == 1 ? "" : "s") built and checked, largest \(largest.grouped) bytes; nothing was sent"
            )
        } else if counts.attempted == 0 && !interrupted && !failed {
            lines.append("“\(subject)” to \(destination): nothing left to send")
        } else {
            let what = testing ? "test copy of “\(subject)”" : "“\(subject)”"
            lines.append(
                "\(what) to \(destination): \(counts.accepted.grouped) accepted, \(counts.refused.grouped) refused, \(counts.deferred.grouped) deferred, \(counts.uncertain.grouped) uncertain in \(time)\(rate)"
            )
        }
        if counts.alreadyAccepted + counts.alreadyRefused + counts.alreadyUncertain > 0 {
            lines.append(
                "skipped from earlier runs: \(counts.alreadyAccepted.grouped) sent, \(counts.alreadyRefused.grouped) refused, \(counts.alreadyUncertain.grouped) uncertain"
            )
        }
        // Each group with its whole count: the job keeps only the first few hundred names.
        let groups: [(String, Int, (DeliveryOutcome) -> String?)] = [
            (
                "refused (not mailed again unless --retry-refused)", counts.refused,
                { if case .refused(let reply) = $0 { reply } else { nil } }
            ),
            ("deferred (sent on the next run)", counts.deferred, { if case .deferred(let reason) = $0 { reason } else { nil } }),
            (
                "uncertain (the server may have taken it; not sent again unless --resend-uncertain)",
                counts.uncertain + counts.alreadyUncertain, { if case .uncertain(let reason) = $0 { reason } else { nil } }
            ),
        ]
        for (title, total, detail) in groups {
            let entries = notable.compactMap { item in detail(item.outcome).map { (item.reader, $0) } }
            guard !entries.isEmpty else { continue }
            lines.append("\(title):")
            for (reader, text) in entries.prefix(Self.namedPerGroup) { lines.append("  \(reader)  \(text)") }
            let unnamed = max(total, entries.count) - min(entries.count, Self.namedPerGroup)
            if unnamed > 0 { lines.append("  … and \(unnamed.grouped) more (`digest send --status \(path)` names them all)") }
        }
        if interrupted {
            lines.append("stopped by \(stoppedBy) with every message in flight recorded; run the same command again to finish")
        } else if counts.deferred > 0 {
            lines.append("run the same command again to send the \(counts.deferred.grouped) deferred")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
