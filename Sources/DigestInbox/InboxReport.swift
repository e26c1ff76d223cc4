import DigestMail
import Foundation

/// What one run of the intake did, reader by reader, and what it left for the editor.
public struct InboxReport: Sendable {
    /// One reader's change, or a change that was already made.
    public struct Change: Sendable, Equatable, CustomStringConvertible {
        public var reader: String
        /// `nil` when the reader already stood there (or stronger), or was not on the list.
        public var from: SubscriberStatus?
        public var to: SubscriberStatus
        /// For a transient failure not (yet) past the policy: its count and the limit.
        public var softCount: (count: Int, limit: Int)?
        public var reason: String
        public var shown: String
        public var unchangedStatus: SubscriberStatus?

        init(mark: SubscriberList.Mark, to status: SubscriberStatus, reason: String, shown: String) {
            switch mark {
            case .changed(let address, let from):
                reader = address
                self.from = from
            case .unchanged(let address, let current):
                reader = address
                unchangedStatus = current
            case .notFound:
                reader = "(not on the list)"
            }
            to = status
            self.reason = reason
            self.shown = shown
        }

        init(softBounce reader: String, count: Int, limit: Int, reason: String, shown: String) {
            self.reader = reader
            to = .subscribed
            softCount = (count, limit)
            self.reason = reason
            self.shown = shown
        }

        public static func == (lhs: Change, rhs: Change) -> Bool {
            lhs.description == rhs.description && lhs.shown == rhs.shown
        }

        public var description: String {
            if let softCount {
                return "\(reader): not delivered (\(reason)); \(softCount.count) of \(softCount.limit) issues before bounced"
            }
            if let from { return "\(reader): \(from.rawValue) → \(to.rawValue) (\(reason))" }
            if let unchangedStatus { return "\(reader): already \(unchangedStatus.rawValue) (\(reason))" }
            return "\(reader): \(reason)"
        }

        /// Whether the list changed.
        public var changedList: Bool { from != nil }
    }

    /// A message left where it was.
    public struct Note: Sendable, Equatable {
        public var shown: String
        public var note: String
        /// Understood but not applied (for the editor), or not understood at all.
        public var understood: Bool
    }

    public var changes: [Change] = []
    public var notes: [Note] = []
    /// Messages moved to the done folder, of which some a killed run had applied already.
    public var moved = 0
    public var resumedMoves = 0

    /// What `digest inbox` prints: each change, each message left for the editor, and a
    /// summary that counts the rest. A message's absolute path is shown as `displayPath` gives it.
    public func lines(doneFolder: String, displayPath: (URL) -> String) -> [String] {
        var lines = changes.map(\.description)
        let forEditor = notes.filter(\.understood)
        for note in forEditor {
            let shown = note.shown.hasPrefix("/") ? displayPath(URL(fileURLWithPath: note.shown)) : note.shown
            lines.append("left for you: \(shown): \(note.note)")
        }
        let notUnderstood = notes.count - forEditor.count
        let changed = changes.filter(\.changedList).count
        var summary =
            "\(changed) reader\(changed == 1 ? "" : "s") changed; \(moved) message\(moved == 1 ? "" : "s") moved to \(doneFolder)"
        if resumedMoves > 0 { summary += " (\(resumedMoves) applied by an earlier run that stopped)" }
        summary += "; \(forEditor.count) left for you; \(notUnderstood) not about the list, left as they were"
        lines.append(summary)
        return lines
    }
}
