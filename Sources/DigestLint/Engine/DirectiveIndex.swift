import DigestCore

/// A file's directives by what they silence: the whole file or one line, every rule or one.
///
/// Asking every directive about every finding took time as the product of the two, which
/// a generated file with thousands of each made minutes. Here a finding looks at the few
/// groups of directives that can silence it, and a group is marked used once.
struct DirectiveIndex {
    /// Which directives silenced something.
    private(set) var used: [Bool]
    private var groups: [Key: Group] = [:]

    /// A group: directives for one line (or the whole file, `line` nil) and one rule (or every rule, `rule` nil).
    private struct Key: Hashable {
        var line: Int?
        var rule: String?
    }

    private struct Group {
        var members: [Int] = []
        var isMarked = false
    }

    init(_ directives: [Directive]) {
        used = [Bool](repeating: false, count: directives.count)
        for (index, directive) in directives.enumerated() {
            let line = directive.scope == .file ? nil : directive.targetLine
            // A line directive without a line silences nothing.
            if directive.scope != .file && line == nil { continue }
            for rule in directive.rules.isEmpty ? [nil] : directive.rules.map(Optional.some) {
                groups[Key(line: line, rule: rule), default: Group()].members.append(index)
            }
        }
    }

    /// Whether any directive silences `diagnostic`; every one that does is marked used.
    mutating func silence(_ diagnostic: Diagnostic) -> Bool {
        if groups.isEmpty { return false }
        var silenced = false
        for key in [
            Key(line: nil, rule: nil), Key(line: nil, rule: diagnostic.rule), Key(line: diagnostic.range.start.line, rule: nil),
            Key(line: diagnostic.range.start.line, rule: diagnostic.rule),
        ] {
            guard var group = groups[key] else { continue }
            silenced = true
            if group.isMarked { continue }
            for index in group.members { used[index] = true }
            group.isMarked = true
            groups[key] = group
        }
        return silenced
    }
}
