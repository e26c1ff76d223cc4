/// A unified diff of two texts, for `digest lint --fix --dry-run`.
public enum UnifiedDiff {
    /// `--- a/path`, `+++ b/path` and hunks with three lines of context; empty when equal.
    public static func diff(_ old: String, _ new: String, path: String, context: Int = 3) -> String {
        var a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // A final newline ends the last line; it does not start another.
        if a.last == "" && b.last == "" {
            a.removeLast()
            b.removeLast()
        }
        guard a != b else { return "" }
        // Longest common subsequence by dynamic programming; issues are short.
        let n = a.count
        let m = b.count
        var lengths = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lengths[i][j] = a[i] == b[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        enum Edit { case same(Int, Int), delete(Int), insert(Int) }
        var edits: [Edit] = []
        var i = 0
        var j = 0
        while i < n || j < m {
            if i < n, j < m, a[i] == b[j] {
                edits.append(.same(i, j))
                i += 1
                j += 1
            } else if i < n, j == m || lengths[i + 1][j] >= lengths[i][j + 1] {
                edits.append(.delete(i))
                i += 1
            } else {
                edits.append(.insert(j))
                j += 1
            }
        }
        var output = "--- a/\(path)\n+++ b/\(path)\n"
        var index = 0
        while index < edits.count {
            guard let firstChange = edits[index...].firstIndex(where: { if case .same = $0 { false } else { true } }) else { break }
            var start = max(index, firstChange - context)
            if case .same = edits[start] {} else { start = firstChange }
            var end = firstChange
            var sameRun = 0
            while end < edits.count {
                if case .same = edits[end] {
                    sameRun += 1
                    if sameRun > 2 * context { break }
                } else {
                    sameRun = 0
                }
                end += 1
            }
            end = min(edits.count, end - max(0, sameRun - context))
            let hunk = edits[start..<end]
            let oldStart =
                hunk.compactMap { edit -> Int? in
                    switch edit {
                    case .same(let i, _), .delete(let i): i
                    case .insert: nil
                    }
                }.first.map { $0 + 1 } ?? 0
            let newStart =
                hunk.compactMap { edit -> Int? in
                    switch edit {
                    case .same(_, let j), .insert(let j): j
                    case .delete: nil
                    }
                }.first.map { $0 + 1 } ?? 0
            let oldCount = hunk.filter { if case .insert = $0 { false } else { true } }.count
            let newCount = hunk.filter { if case .delete = $0 { false } else { true } }.count
            output += "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n"
            for edit in hunk {
                switch edit {
                case .same(let i, _): output += " \(a[i])\n"
                case .delete(let i): output += "-\(a[i])\n"
                case .insert(let j): output += "+\(b[j])\n"
                }
            }
            index = end
        }
        return output
    }
}
