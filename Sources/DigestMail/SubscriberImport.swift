import DigestCore

/// `digest subscribers import`: a CSV file read as digest's own or another tool's export,
/// what to say about it before and after it is merged, and the closing count.
public struct SubscriberImport: Sendable {
    /// The file's name, as messages show it.
    public let path: String
    /// The rows read.
    public let incoming: [Subscriber]
    /// The rows left out, each with its line.
    public let problems: [SubscriberList.RowProblem]
    /// The layout the header was read as; `nil` when there is none to read.
    public let format: ListFormat?

    public init(text: String, path: String) {
        self.path = path
        (incoming, problems, format) = SubscriberList.parseImport(text, path: path)
    }

    /// The file's bytes, read: a row that is not UTF-8 is a bad row, not a name garbled.
    public init(bytes: [UInt8], path: String) {
        self.path = path
        (incoming, problems, format) = SubscriberList.parseImport(bytes, path: path)
    }

    /// What the editor is told before the rows are merged: how the file was read, the
    /// columns it ignores, and each row left out.
    public var notes: [String] {
        var notes: [String] = []
        if let format {
            notes.append("\(path): read as \(format.source == "CSV" ? "a CSV" : "a \(format.source) export"): \(format.summary)")
            if !format.ignored.isEmpty {
                notes.append("\(path): columns ignored: \(format.ignored.joined(separator: ", ").controlCharactersShown)")
            }
        }
        return notes + problems.map(\.description)
    }

    /// What the editor is told once `summary` is merged: the notes (letter-case clashes, the
    /// `--resubscribe` hint) and the closing count.
    public func outcome(_ summary: SubscriberList.MergeSummary, resubscribe: Bool) -> (notes: [String], count: String) {
        var notes = summary.clashes
        var counts = "\(problems.count) bad, \(summary.unchanged) already on the list"
        if summary.stopped > 0 { counts += ", \(summary.stopped) no longer mailed as the file says" }
        if summary.strengthened > 0 { counts += ", \(summary.strengthened) marked bounced or complained as the file says" }
        if summary.resubscribed > 0 { counts += ", \(summary.resubscribed) subscribed again (--resubscribe)" }
        if summary.keptSuppressed > 0 {
            counts += ", \(summary.keptSuppressed) left unsubscribed, bounced or complained as the list says"
            if !resubscribe { notes.append("\(path): --resubscribe subscribes again those who left or bounced") }
        }
        return (notes, "imported \(summary.added) of \(incoming.count + problems.count) rows; \(counts)")
    }
}
