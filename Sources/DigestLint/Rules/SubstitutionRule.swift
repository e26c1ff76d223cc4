import DigestCore
import Foundation

/// The house substitutions of `lint.substitutions` in digest.yaml: "US" not "U.S.", no
/// ordinal dates, full month names, curly quotes and apostrophes.
public struct SubstitutionRule: Rule {
    public static let description = RuleDescription(
        identifier: "substitutions",
        summary: "House spellings from digest.yaml: US, March 8, full month names, curly quotes",
        rationale: """
            The house style writes "US" (not "U.S."), dates as "March 8" (not "March 8th"), months \
            in full, and curly quotes and apostrophes. The table lives in digest.yaml under \
            lint.substitutions, so editors extend it without touching Swift; every entry is fixable.
            """,
        severity: .error, scope: .prose,
        triggering: [
            RuleExample("↓U.S. officials met on ↓March 8th and ↓Jan. 5."),
            RuleExample("They met with the ↓U.S. The talks went on."),
            RuleExample("Kishida said ↓\"we are ready↓\" and Japan↓'s allies agreed."),
        ],
        nonTriggering: [
            RuleExample("US officials met on March 8 and January 5; Kishida said “we are ready” and Japan’s allies agreed.")
        ],
        corrections: [
            RuleCorrection("U.S. officials met on March 8th.", "US officials met on March 8."),
            RuleCorrection(
                "Kishida said \"we are ready\" and Japan's allies agreed.", "Kishida said “we are ready” and Japan’s allies agreed."),
            RuleCorrection("Talks on 8th March and Sept. 12.", "Talks on March 8 and September 12."),
            RuleCorrection(
                "Talks began on the 3rd of May with the U.S. They ended in the U.S.",
                "Talks began on May 3 with the U.S. They ended in the US."),
        ])

    public init() {}

    /// The compiled table, shared by every file of a run.
    final class Table: Sendable {
        let entries: [(Substitution, NSRegularExpression)]
        /// What each entry's matches must contain: most paragraphs hold none of it, and
        /// looking for a few bytes is far cheaper than running ICU over them.
        let prefilters: [RequiredLiterals]

        init(_ substitutions: [Substitution]) {
            entries = substitutions.compactMap { substitution in
                (try? NSRegularExpression(pattern: substitution.find)).map { (substitution, $0) }
            }
            prefilters = entries.map { RequiredLiterals(pattern: $0.0.find) }
        }
    }

    private static let cache = TableCache()

    /// The compiled table for these substitutions, compiled once per run.
    static func table(for substitutions: [Substitution]) -> Table {
        cache.table(for: substitutions)
    }

    public func check(_ context: LintContext) -> [Finding] {
        let table = Self.table(for: context.settings.lint.substitutions)
        var findings: [Finding] = []
        for item in context.prose {
            let text = item.text
            let string = text.joinedLines
            let bytes = Array(string.utf8)
            let candidates = table.entries.indices.filter { table.prefilters[$0].mayMatch(bytes) }
            if candidates.isEmpty { continue }
            let nsString = string as NSString
            let whole = NSRange(location: 0, length: nsString.length)
            // Offsets in UTF-16 (NSRegularExpression) and in scalars (positions) differ for
            // text outside the Basic Multilingual Plane (a four-byte UTF-8 sequence); only
            // then are they mapped, once per paragraph.
            var scalarOffsetOfUTF16: [Int]?
            if bytes.contains(where: { $0 >= 0xF0 }) {
                var map: [Int] = []
                map.reserveCapacity(nsString.length + 1)
                for (scalarOffset, scalar) in string.unicodeScalars.enumerated() {
                    for _ in 0..<scalar.utf16.count { map.append(scalarOffset) }
                }
                map.append(string.unicodeScalars.count)
                scalarOffsetOfUTF16 = map
            }
            for (substitution, expression) in candidates.map({ table.entries[$0] }) {
                for match in expression.matches(in: string, range: whole) where match.range.length > 0 {
                    let start = scalarOffsetOfUTF16?[match.range.location] ?? match.range.location
                    let end = scalarOffsetOfUTF16?[match.range.location + match.range.length] ?? match.range.location + match.range.length
                    if (start..<end).contains(where: { text.isMarkup[$0] }) { continue }
                    let replacement = expression.replacementString(for: match, in: string, offset: 0, template: substitution.replace)
                    findings.append(
                        Finding(
                            range: text.range(start, end - start),
                            message: "\(substitution.message): \"\(replacement)\"",
                            fix: substitution.fixable ? text.fix(start, end - start, replacement) : nil))
                }
            }
        }
        return findings
    }
}

/// Compiled substitution tables by their settings, so a run compiles each pattern once.
final class TableCache: @unchecked Sendable {
    private var tables: [[Substitution]: SubstitutionRule.Table] = [:]
    private let lock = NSLock()

    func table(for substitutions: [Substitution]) -> SubstitutionRule.Table {
        lock.lock()
        defer { lock.unlock() }
        if let table = tables[substitutions] { return table }
        let table = SubstitutionRule.Table(substitutions)
        tables[substitutions] = table
        return table
    }
}

extension Substitution: Hashable {
    public func hash(into hasher: inout Hasher) {
        hasher.combine(find)
        hasher.combine(replace)
        hasher.combine(message)
        hasher.combine(fixable)
    }
}
