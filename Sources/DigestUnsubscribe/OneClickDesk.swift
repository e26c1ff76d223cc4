import DigestCore
import DigestMail
import Foundation
import Synchronization

/// Where one-click requests are recorded and applied, one batch at a time: the requests
/// that arrive while a batch is written wait for the next, so one flush to disk and one
/// change to the list serve every reader waiting then (a group commit), and nothing is
/// written to the list from two threads at once.
///
/// Each batch: appended to ``OneClickLog`` and flushed; then every pending line applied to
/// the list under its lock (``SubscriberList/modify(at:path:whileWaiting:_:)``, status
/// unsubscribed, reason "one-click"); then the applied offset recorded; then each request
/// answered. A reader is answered only once their line is on disk.
public final class OneClickDesk: Sendable {
    /// What became of a request.
    public enum Outcome: Sendable, Equatable {
        /// On disk and applied: the list changed, or the reader was already unsubscribed or not on it.
        case applied(SubscriberList.Mark)
        /// On disk, but the list could not be changed now; the next start applies it.
        case recorded(reason: String)
        /// Not written: the reader must be told to try again.
        case failed(reason: String)
    }

    /// The reason a one-click unsubscription leaves in the list.
    public static let reason = "one-click"

    private struct Waiting {
        var entry: OneClickLog.Entry
        var reply: CheckedContinuation<Outcome, Never>
    }

    private struct State {
        var waiting: [Waiting] = []
        var draining = false
    }

    // The log is a class with a descriptor, used only by the thread that drains (one at a time).
    private nonisolated(unsafe) let log: OneClickLog
    private let state = Mutex(State())
    public let listURL: URL
    public let listPath: String
    private let today: @Sendable () -> IssueDate
    /// Called by the draining thread between steps (tests use it to observe an order); not for production.
    private let report: @Sendable (String) -> Void

    public init(
        log: OneClickLog, listURL: URL, listPath: String, today: @escaping @Sendable () -> IssueDate,
        report: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.log = log
        self.listURL = listURL
        self.listPath = listPath
        self.today = today
        self.report = report
    }

    /// Applies the lines a killed or failed run left pending; returns what changed, one line each.
    public func applyPending() throws -> [String] {
        let (entries, end) = try log.pending()
        guard !entries.isEmpty else {
            try log.markApplied(upTo: end)
            return []
        }
        let marks = try apply(entries.map(\.reader))
        try log.markApplied(upTo: end)
        return zip(entries, marks).compactMap { entry, mark in
            if case .changed(let address, _) = mark { return "unsubscribed \(address) (one-click, pending since \(entry.seconds))" }
            return nil
        }
    }

    /// Records the reader's request, applies it, and returns once it is on disk.
    public func unsubscribe(_ readerKey: String) async -> Outcome {
        let entry = OneClickLog.Entry(reader: readerKey, seconds: Int(Date().timeIntervalSince1970))
        return await withCheckedContinuation { reply in
            let starts = state.withLock { state in
                state.waiting.append(Waiting(entry: entry, reply: reply))
                if state.draining { return false }
                state.draining = true
                return true
            }
            // File writes and fsync block: they run on a thread of their own, not the server's.
            if starts { Thread.detachNewThread { self.drain() } }
        }
    }

    private func drain() {
        while true {
            let batch = state.withLock { state -> [Waiting] in
                let batch = state.waiting
                state.waiting = []
                if batch.isEmpty { state.draining = false }
                return batch
            }
            guard !batch.isEmpty else { return }
            for (waiting, outcome) in zip(batch, process(batch.map(\.entry))) { waiting.reply.resume(returning: outcome) }
        }
    }

    private func process(_ entries: [OneClickLog.Entry]) -> [Outcome] {
        do {
            try log.append(entries)
        } catch {
            return entries.map { _ in .failed(reason: error.description) }
        }
        report("logged \(entries.count)")
        do {
            // Everything pending, so a line an earlier batch could not apply is applied now too.
            let (pending, end) = try log.pending()
            let marks = try apply(pending.map(\.reader))
            try log.markApplied(upTo: end)
            var byReader: [String: SubscriberList.Mark] = [:]
            for (entry, mark) in zip(pending, marks) { byReader[entry.reader] = mark }
            return entries.map { .applied(byReader[$0.reader] ?? .notFound) }
        } catch {
            return entries.map { _ in .recorded(reason: "\(error)") }
        }
    }

    /// Marks each reader unsubscribed under the list's lock; a reader named twice is changed once.
    private func apply(_ readers: [String]) throws -> [SubscriberList.Mark] {
        let date = today()
        return try SubscriberList.modify(at: listURL, path: listPath) { list in
            readers.map { list.mark($0, as: .unsubscribed, reason: Self.reason, on: date) }
        }
    }
}
