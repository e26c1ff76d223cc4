/// A unified diff of two texts, for `digest lint --fix --dry-run`.
public enum UnifiedDiff {
    /// The most cells of the line-by-line table worked out before pairing lines in order
    /// instead: a 2,000-line file against itself.
    static let largestTable = 4_000_000

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
        enum Edit { case same(Int, Int), delete(Int), insert(Int) }
        var edits: [Edit] = []
        let n = a.count
        let m = b.count
        if (n + 1) * (m + 1) > Self.largestTable {
            // Too long for the table, which grows with the product of the two lengths: the
            // common start and end stay, and the lines between are paired in order. Fixes
            // change lines in place, so that is the same diff, or a longer one that still
            // applies.
            var prefix = 0
            while prefix < n, prefix < m, a[prefix] == b[prefix] { prefix += 1 }
            var suffix = 0
            while suffix < n - prefix, suffix < m - prefix, a[n - 1 - suffix] == b[m - 1 - suffix] { suffix += 1 }
            edits += (0..<prefix).map { Edit.same($0, $0) }
            if n == m {
                var i = prefix
                while i < n - suffix {
                    if a[i] == b[i] {
                        edits.append(.same(i, i))
                        i += 1
                        continue
                    }
                    var changed = i
                    while changed < n - suffix, a[changed] != b[changed] { changed += 1 }
                    edits += (i..<changed).map { Edit.delete($0) } + (i..<changed).map { Edit.insert($0) }
                    i = changed
                }
            } else {
                edits += (prefix..<n - suffix).map { Edit.delete($0) } + (prefix..<m - suffix).map { Edit.insert($0) }
            }
            edits += (0..<suffix).map { Edit.same(n - suffix + $0, m - suffix + $0) }
        } else {
            // Longest common subsequence by dynamic programming; issues are short.
            var lengths = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
            for i in stride(from: n - 1, through: 0, by: -1) {
                for j in stride(from: m - 1, through: 0, by: -1) {
                    lengths[i][j] = a[i] == b[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
                }
            }
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
