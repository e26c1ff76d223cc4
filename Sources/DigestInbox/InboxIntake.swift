import DigestCore
import DigestMail
import Foundation

/// `digest inbox`: reads the list's mailbox and the send journals' refusals, and applies
/// what they ask to the list, each exactly once.
///
/// The order that makes a kill at any moment safe:
/// 1. the list is changed (under its lock, written whole and flushed: ``SubscriberList/modify(at:path:whileWaiting:_:)``);
/// 2. the messages applied are recorded in ``InboxState``, flushed to disk;
/// 3. they are moved to the done folder.
/// A kill after 1 reads the messages again, and applying a status a reader already has
/// changes nothing (``SubscriberList/mark(_:as:reason:on:)`` only strengthens one; transient
/// failures are counted as a set of issues). A kill after 2 finds them done and only moves
/// them. Nothing is deleted, and a message not understood is never touched.
public struct InboxIntake {
    public var listURL: URL
    public var listPath: String
    public var state: InboxState
    public var listID: String
    public var key: UnsubscribeKey?
    /// Transient failures of this many different issues make a reader bounced.
    public var softBounceLimit: Int
    public var today: IssueDate
    /// Called at each step a kill could fall between; tests throw from it to stop the run there.
    public var checkpoint: (InboxCheckpoint) throws -> Void

    public init(
        listURL: URL, listPath: String, state: InboxState, listID: String, key: UnsubscribeKey?, softBounceLimit: Int, today: IssueDate,
        checkpoint: @escaping (InboxCheckpoint) throws -> Void = { _ in }
    ) {
        self.listURL = listURL
        self.listPath = listPath
        self.state = state
        self.listID = listID
        self.key = key
        self.softBounceLimit = softBounceLimit
        self.today = today
        self.checkpoint = checkpoint
    }

    /// One message (or journal refusal) and what it asks.
    struct Item {
        var source: String
        var id: String
        var shown: String
        var verdicts: (ReaderDirectory) -> [InboxVerdict]
    }

    public func run(source: InboxSource?, refusals: [JournalRefusals.Refusal] = []) throws -> InboxReport {
        var report = InboxReport()
        var items: [Item] = []
        var alreadyDone: [String] = []
        var toMarkUnseen: Set<String> = []
        var present: Set<String> = []
        if let source {
            let ids = try source.messageIDs()
            // Fetching an unseen IMAP message marks it seen: recorded first, so that a kill
            // before it is unseen again is mended by the next run.
            present = Set(ids)
            let name = source.stateName
            let unseenNow = source.unseen()
            var unseenRecords: [InboxState.Record] = []
            for id in ids where unseenNow.contains(id) && !state.isDone(source: name, id: id) {
                unseenRecords.append(.unseen(source: name, id: id))
            }
            try state.append(unseenRecords)
            toMarkUnseen = state.seenByFetch(source: name)
            for id in ids {
                if state.isDone(source: source.stateName, id: id) {
                    alreadyDone.append(id)
                    continue
                }
                let bytes: [UInt8]
                do {
                    bytes = try source.read(id, limit: InboxClassifier.byteLimit)
                } catch {
                    guard case .unreadable(_, let reason) = error else { throw error }
                    // Left where it is, not recorded as done: the next run tries it again.
                    items.append(Item(source: source.stateName, id: id, shown: source.describe(id)) { _ in [.forEditor(reason)] })
                    continue
                }
                let message = InboxClassifier.classify(bytes)
                items.append(
                    Item(source: source.stateName, id: id, shown: source.describe(id)) { directory in
                        InboxTriage.verdicts(for: message, directory: directory, messageID: id)
                    })
            }
        }
        for refusal in refusals where !state.isDone(source: "journal:\(refusal.issue)", id: refusal.reader) {
            items.append(
                Item(source: "journal:\(refusal.issue)", id: refusal.reader, shown: "the journal of \(refusal.issue)") { directory in
                    guard directory.reader(address: refusal.reader) != nil else { return [.notUnderstood("no longer on the list")] }
                    return [
                        .mark(
                            reader: refusal.reader, status: .bounced,
                            reason: "\(refusal.reply.prefix(120)) (at the send of \(refusal.issue))")
                    ]
                })
        }

        // 1. The list.
        var records: [InboxState.Record] = []
        var acted: [String] = []
        let state = self.state
        let limit = softBounceLimit
        let today = self.today
        let (changes, notes, pendingRecords, actedIDs) = try SubscriberList.modify(at: listURL, path: listPath) { list in
            let directory = ReaderDirectory(list: list, listID: listID, key: key)
            var changes: [InboxReport.Change] = []
            var notes: [InboxReport.Note] = []
            var records: [InboxState.Record] = []
            var actedIDs: [(source: String, id: String)] = []
            var softThisRun: [String: Set<String>] = [:]
            for item in items {
                let verdicts = item.verdicts(directory)
                guard verdicts.allSatisfy(\.isAction) else {
                    for verdict in verdicts {
                        switch verdict {
                        case .forEditor(let note): notes.append(.init(shown: item.shown, note: note, understood: true))
                        case .notUnderstood(let note): notes.append(.init(shown: item.shown, note: note, understood: false))
                        case .mark, .softBounce: break
                        }
                    }
                    continue
                }
                for verdict in verdicts {
                    switch verdict {
                    case .mark(let reader, let status, let reason):
                        changes.append(
                            .init(
                                mark: list.mark(reader, as: status, reason: reason, on: today), to: status, reason: reason,
                                shown: item.shown))
                    case .softBounce(let reader, let issue, let reason):
                        records.append(.soft(reader: reader, issue: issue))
                        softThisRun[reader, default: []].insert(issue)
                        let issues = state.softIssues(of: reader).union(softThisRun[reader]!)
                        if issues.count >= limit {
                            let why = "\(issues.count) issues not delivered for a while, the last \(reason)"
                            changes.append(
                                .init(
                                    mark: list.mark(reader, as: .bounced, reason: why, on: today), to: .bounced, reason: why,
                                    shown: item.shown))
                            records.append(.reset(reader: reader))
                            softThisRun[reader] = []
                        } else {
                            changes.append(.init(softBounce: reader, count: issues.count, limit: limit, reason: reason, shown: item.shown))
                        }
                    case .forEditor, .notUnderstood: break
                    }
                }
                records.append(.done(source: item.source, id: item.id))
                actedIDs.append((item.source, item.id))
            }
            return (changes, notes, records, actedIDs)
        }
        records = pendingRecords
        acted = actedIDs.filter { $0.source == source?.stateName }.map(\.id)
        report.changes = changes
        report.notes = notes
        try checkpoint(.listWritten)

        // 2. The record of what was applied.
        try state.append(records)
        try checkpoint(.stateRecorded)

        // 3. The messages moved: those applied now, and any a killed run recorded but did not move.
        if let source {
            let toMove = alreadyDone + acted
            try source.moveToDone(toMove)
            let moved = Set(toMove)
            var stay: [String] = []
            var restored: [InboxState.Record] = []
            for id in toMarkUnseen.sorted() {
                if present.contains(id) && !moved.contains(id) { stay.append(id) }
                restored.append(.restored(source: source.stateName, id: id))
            }
            try source.markUnseen(stay)
            try state.append(restored)
            report.moved = toMove.count
            report.resumedMoves = alreadyDone.count
        }
        try checkpoint(.moved)
        return report
    }
}

/// The moments between the intake's steps (see ``InboxIntake``).
public enum InboxCheckpoint: Sendable, CaseIterable {
    case listWritten
    case stateRecorded
    case moved
}
