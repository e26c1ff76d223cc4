import Foundation
import Testing

/// What a crash test of `digest send` concludes from the journal after its settling run:
/// each reader's last line, and who is left uncertain. Shared by the SMTP and SES routes'
/// SIGKILL tests, which hold every route to the same promise.
struct CrashVerdict {
    /// Each reader's last journal line kind (`intent`, `accepted`, `uncertain`…).
    let last: [String: String]
    /// The readers whose message may or may not have gone: an intent with no outcome, or uncertain.
    let uncertain: Set<String>

    init(journal: URL) throws {
        var last: [String: String] = [:]
        for line in try String(contentsOf: journal, encoding: .utf8).split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            if fields.count == 5 && !fields[1].isEmpty { last[String(fields[1])] = String(fields[0]) }
        }
        self.last = last
        uncertain = Set(last.filter { $0.value == "intent" || $0.value == "uncertain" }.keys)
    }

    /// The promise: nobody skipped, nobody mailed twice, and copies beyond one only among
    /// the uncertain; at most the messages in flight at each kill are left uncertain.
    func expectEveryReaderOnce(copies: [String: Int], readerCount: Int, kills: Int) {
        for index in 0..<readerCount {
            let reader = "reader\(index)@example.org"
            if uncertain.contains(reader) {
                #expect((copies[reader] ?? 0) <= 1, "\(reader) is uncertain but got \(copies[reader] ?? 0) copies")
            } else {
                #expect(copies[reader] == 1, "\(reader) got \(copies[reader] ?? 0) copies (last line: \(last[reader] ?? "none"))")
                #expect(last[reader] == "accepted")
            }
        }
        #expect(uncertain.count <= kills * 2, "at most the messages in flight at each kill are uncertain")
    }
}
