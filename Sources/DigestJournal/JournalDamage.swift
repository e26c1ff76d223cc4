/// A line of a send journal (or of a sent summary) that cannot be read: where it is and why.
public struct JournalDamage: Equatable, Sendable, CustomStringConvertible {
    /// Why a line cannot be read.
    public enum Kind: Error, Equatable, Sendable {
        case checksum
        case missingChecksum
        case nulBytes
        case conflictMarker
        case notText
        case notJournalLine
        /// A sent summary whose closing checksum does not match what comes before it.
        case summaryChecksum
        /// A sent summary that stops before its closing line.
        case summaryTruncated

        var explanation: String {
            switch self {
            case .checksum: "its checksum does not match: the line was changed or damaged"
            case .missingChecksum: "it has no checksum, though lines before it have one: it was added or changed by hand"
            case .nulBytes: "it holds NUL bytes: the file was damaged on disk or in a copy"
            case .conflictMarker: "it is a git conflict marker: two versions of the file were merged"
            case .notText: "it holds bytes that are not UTF-8 text: the file was damaged"
            case .notJournalLine: "it is not a journal line"
            case .summaryChecksum: "the summary's checksum does not match its lines: it was changed or damaged"
            case .summaryTruncated: "the summary ends before its closing checksum line: it was cut short"
            }
        }
    }

    /// The file's path as the editor should see it.
    public var path: String
    /// 1-based.
    public var line: Int
    public var kind: Kind

    public init(path: String, line: Int, kind: Kind) {
        self.path = path
        self.line = line
        self.kind = kind
    }

    /// `path:line: error: the journal's line is damaged (why)`.
    public var description: String { "\(path):\(line): error: this line cannot be read: \(kind.explanation)" }
}
