import DigestCore
import Foundation
import Synchronization

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
            RuleExample("↓U.S. officials met on ↓March 8th and ↓Jan. 5.").expecting(
                "write \"US\", not \"U.S.\": \"US\"", "write dates as \"March 8\", without \"st\", \"nd\", \"rd\" or \"th\": \"March 8\"",
                "write the month in full: \"January\""),
            RuleExample("They met with the ↓U.S. The talks went on.").expecting(
                "write \"US\", not \"U.S.\" (and keep a full stop if the sentence ends here): \"US\""),
            RuleExample("Kishida said ↓\"we are ready↓\" and Japan↓'s allies agreed.").expecting(
                "use a curly opening quote “: \"“\"", "use a curly closing quote ”: \"”\"", "use a curly apostrophe ’: \"’\""),
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

    /// The table, shared by every file of a run. A pattern is compiled when a paragraph first
    /// may match it: compiling all thirty-odd of them with ICU was a seventh of a one-file
    /// run, and most issues need a few.
    final class Table: Sendable {
        let substitutions: [Substitution]
        /// What each entry's matches must contain: most paragraphs hold none of it, and
        /// looking for a few bytes is far cheaper than running ICU over them.
        let prefilters: [RequiredLiterals]
        /// Each pattern once compiled: `nil` not yet, `.some(nil)` not a regular expression.
        private let compiled: Mutex<[NSRegularExpression??]>

        init(_ substitutions: [Substitution]) {
            self.substitutions = substitutions
            prefilters = PrefilterCache.prefilters(for: substitutions.map(\.find))
            compiled = Mutex(Array(repeating: nil, count: substitutions.count))
        }

        /// The compiled pattern of entry `index`, or `nil` when it is not a regular expression.
        func expression(at index: Int) -> NSRegularExpression? {
            compiled.withLock { compiled in
                if let done = compiled[index] { return done }
                let expression = try? NSRegularExpression(pattern: substitutions[index].find)
                compiled[index] = .some(expression)
                return expression
            }
        }

        /// The substitutions whose pattern is not a regular expression. A table whose every
        /// pattern compiled is remembered in the cache folder, so that a run with the same
        /// settings (every pre-commit hook's) need not compile them all to know.
        var invalid: [Substitution] {
            let key = WordList.hash(substitutions.map(\.find).joined(separator: "\u{0}"))
            let marker = CacheFolder.url?.appendingPathComponent("patterns-\(String(key, radix: 16)).ok")
            if let marker, FileManager.default.fileExists(atPath: marker.path) { return [] }
            let invalid = substitutions.indices.filter { expression(at: $0) == nil }.map { substitutions[$0] }
            if invalid.isEmpty, let marker {
                try? FileManager.default.createDirectory(at: marker.deletingLastPathComponent(), withIntermediateDirectories: true)
                FileManager.default.createFile(atPath: marker.path, contents: Data())
            }
            return invalid
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
            let candidates = table.substitutions.indices.filter { table.prefilters[$0].mayMatch(bytes) }
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
            for index in candidates {
                guard let expression = table.expression(at: index) else { continue }
                let substitution = table.substitutions[index]
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
///
/// A run has one table, a test a few: they are found by comparing, not hashing. A dictionary
/// keyed by the substitutions cost a one-file run a tenth of a millisecond on its own, the
/// runtime looking up `[Substitution]: Hashable` among the executable's conformances.
final class TableCache: Sendable {
    private let tables = Mutex<[(substitutions: [Substitution], table: SubstitutionRule.Table)]>([])

    func table(for substitutions: [Substitution]) -> SubstitutionRule.Table {
        tables.withLock { tables in
            if let known = tables.first(where: { $0.substitutions == substitutions }) { return known.table }
            let table = SubstitutionRule.Table(substitutions)
            tables.append((substitutions, table))
            return table
        }
    }
}
