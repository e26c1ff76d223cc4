import Foundation
import Testing

/// Output a test holds against a file committed beside it: rendered editions, the
/// diagnostics of a broken issue, the canonical form of a messy one.
///
/// `DIGEST_RECORD=1 swift test --filter Suite` rewrites the golden files the suite reads
/// instead of comparing with them; review the diff with `git diff` before committing.
public enum GoldenFile {
    /// The environment variable that switches recording on when it is `1`.
    public static let recordVariable = "DIGEST_RECORD"

    /// Whether this run rewrites golden files.
    public static var isRecording: Bool {
        ProcessInfo.processInfo.environment[recordVariable] == "1"
    }

    /// Compares `actual` with the golden file at `url`, which must be in the source tree
    /// (not a bundle copy) so that recording changes the committed file.
    ///
    /// A missing golden file fails the test, and so does recording one that changed, so
    /// neither a lost file nor a run with recording left on can pass silently. A mismatch
    /// fails with the lines that differ.
    public static func check(
        _ actual: String, against url: URL, recording: Bool = isRecording, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let name = url.path.hasPrefix(projectRoot.path + "/") ? String(url.path.dropFirst(projectRoot.path.count + 1)) : url.path
        let existing = try? String(contentsOf: url, encoding: .utf8)
        if recording {
            guard existing != actual else { return }
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(actual.utf8).write(to: url)
                Issue.record(
                    "recorded \(name); review it with git diff, then run again without \(recordVariable)=1", sourceLocation: sourceLocation)
            } catch {
                Issue.record("cannot record \(name): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let existing else {
            Issue.record(
                "no golden file \(name); run with \(recordVariable)=1 to record it, then review it", sourceLocation: sourceLocation)
            return
        }
        guard actual != existing else { return }
        Issue.record(
            "output differs from \(name) (- golden, + actual; \(recordVariable)=1 re-records it):\n\(lineDiff(from: existing, to: actual))",
            sourceLocation: sourceLocation)
    }

    /// The lines that differ between two texts, each with its 1-based line number in the
    /// text it comes from, at most `limit` of them.
    public static func lineDiff(from old: String, to new: String, limit: Int = 40) -> String {
        // Split the bytes: as Characters, "\r\n" is one and would hide a changed line ending.
        func lines(_ text: String) -> [String] {
            Array(text.utf8).split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        }
        let oldLines = lines(old)
        let newLines = lines(new)
        let difference = newLines.difference(from: oldLines)
        var changes: [(line: Int, sign: Character, text: String)] = []
        for change in difference.removals {
            if case .remove(let offset, let line, _) = change { changes.append((offset + 1, "-", line)) }
        }
        for change in difference.insertions {
            if case .insert(let offset, let line, _) = change { changes.append((offset + 1, "+", line)) }
        }
        // Removals are numbered in the golden text and insertions in the actual one; in
        // line order, a changed line shows as its old version followed by its new one.
        changes.sort { ($0.line, $0.sign == "+" ? 1 : 0) < ($1.line, $1.sign == "+" ? 1 : 0) }
        if changes.isEmpty {
            // Same lines, different bytes: a line ending or an invisible character.
            return "the texts differ only in bytes no line shows (\(old.utf8.count) bytes golden, \(new.utf8.count) actual)"
        }
        var lines = changes.prefix(limit).map { "\($0.sign)\($0.line): \(visible($0.text))" }
        if changes.count > limit {
            lines.append("… and \(changes.count - limit) more changed lines")
        }
        return lines.joined(separator: "\n")
    }

    /// A line with the characters a terminal hides made visible.
    static func visible(_ line: String) -> String {
        line.replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\t", with: "\\t")
    }
}
