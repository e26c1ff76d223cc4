import DigestCore
import Foundation

/// Headlines mirror details: as many, in the same order, each about its own detail.
public struct HeadlinesMatchDetailsRule: Rule {
    public static let description = RuleDescription(
        identifier: "headlines-match-details",
        summary: "Each headline has its detail, in the same order, and shares its key words",
        rationale: """
            Readers skim the headlines and then look for the story below in the same place. The \
            n-th detail must tell the n-th headline's story: a missing detail, an extra one or two \
            swapped items send the reader to the wrong paragraph. Key words are compared by stem \
            ("hosts" and "hosted"), names and numbers count double, and words every detail uses \
            count little.
            """,
        severity: .error, scope: .structure,
        triggering: [
            RuleExample(
                """
                US-Japan Alliance Digest Vol 2.6
                Date: 2023-04-06

                Headlines
                - ↓Paparo hosts Australia and Japan navy chiefs
                - Tamaki visits Washington

                Details
                - Governor Tamaki visited Washington on March 8.
                - Admiral Paparo hosted the chiefs of navies from Australia and Japan.

                """, in: .issue
            ).expecting(
                "headlines 1 and 2 are swapped: headline 1 tells detail 2's story and headline 2 tells detail 1's; swap the headlines or the details"
            ),
            RuleExample(
                """
                US-Japan Alliance Digest Vol 2.6
                Date: 2023-04-06

                Headlines
                - Paparo hosts Australia and Japan navy chiefs
                - Tamaki visits Washington

                Details
                - Admiral Paparo hosted the chiefs of navies from Australia and Japan.
                - Governor Tamaki visited Washington on March 8.
                - ↓The State Department notified Congress of an aircraft sale.

                """, in: .issue
            ).expecting("detail 3 has no headline (2 headlines, 3 details); write its headline in the same place above, or delete it"),
        ],
        nonTriggering: [
            RuleExample(
                """
                US-Japan Alliance Digest Vol 2.6
                Date: 2023-04-06

                Headlines
                - Paparo hosts Australia and Japan navy chiefs
                - Tamaki visits Washington

                Details
                - Admiral Paparo hosted the chiefs of navies from Australia and Japan.
                - Governor Tamaki visited Washington on March 8.

                """, in: .issue)
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        let headlines = context.headlines
        let details = context.details
        guard !headlines.isEmpty, !details.isEmpty else { return [] }
        // Every headline is scored against every detail: with thousands of each that is
        // millions of pairs, so past the limit the rule says so instead.
        if headlines.count > WorkLimits.mostItemsMatched || details.count > WorkLimits.mostItemsMatched {
            let (text, kind, count) =
                headlines.count > WorkLimits.mostItemsMatched
                ? (headlines[WorkLimits.mostItemsMatched], "headlines", headlines.count)
                : (details[WorkLimits.mostItemsMatched], "details", details.count)
            return [
                Finding(
                    range: text.range(0, min(text.scalars.count, 1)),
                    message:
                        "this issue has \(count.grouped) \(kind), too many to match headlines with details (\(WorkLimits.mostItemsMatched) at most); split it into issues of a few stories each"
                )
            ]
        }
        let (detailKeys, headlineKeys) = context.memo.keywordParts.withValues { known in
            (details.map { Self.keywords($0, known: &known) }, headlines.map { Self.keywords($0, known: &known) })
        }
        // Words most details use (Japan, US, alliance) say little about which story is which.
        var documentFrequency: [String: Int] = [:]
        documentFrequency.reserveCapacity(detailKeys.reduce(0) { $0 + $1.count })
        for keys in detailKeys { for stem in keys.keys { documentFrequency[stem, default: 0] += 1 } }
        let count = Double(details.count)
        func score(_ h: Int, _ d: Int) -> Double {
            headlineKeys[h].reduce(0) { total, entry in
                guard detailKeys[d][entry.key] != nil else { return total }
                let idf = log((count + 1) / Double(documentFrequency[entry.key] ?? 1))
                return total + entry.value * max(idf, 0.1)
            }
        }
        let scores = headlines.indices.map { h in details.indices.map { d in score(h, d) } }
        if headlines.count != details.count {
            return unmatched(scores: scores, context: context)
        }
        var findings: [Finding] = []
        var swapped = Set<Int>()
        for i in headlines.indices where !swapped.contains(i) {
            let own = scores[i][i]
            guard let best = details.indices.max(by: { scores[i][$0] < scores[i][$1] }), best != i, scores[i][best] > own else { continue }
            if scores[best][i] > scores[best][best], !swapped.contains(best) {
                swapped.formUnion([i, best])
                let (a, b) = (min(i, best), max(i, best))
                findings.append(
                    Finding(
                        range: headlines[a].range(0, headlines[a].scalars.count),
                        message:
                            "headlines \(a + 1) and \(b + 1) are swapped: headline \(a + 1) tells detail \(b + 1)'s story and headline \(b + 1) tells detail \(a + 1)'s; swap the headlines or the details"
                    ))
            } else if own == 0 {
                findings.append(
                    Finding(
                        range: headlines[i].range(0, headlines[i].scalars.count),
                        message:
                            "headline \(i + 1) shares no key word with detail \(i + 1) but reads like detail \(best + 1); check the order"))
            }
        }
        return findings
    }

    /// With more headlines than details or the other way round: the items an order-keeping
    /// alignment leaves without a partner.
    func unmatched(scores: [[Double]], context: LintContext) -> [Finding] {
        let rows = scores.count
        let columns = scores[0].count
        var best = [[Double]](repeating: [Double](repeating: 0, count: columns + 1), count: rows + 1)
        for h in 1...rows {
            for d in 1...columns {
                best[h][d] = max(best[h - 1][d], best[h][d - 1], best[h - 1][d - 1] + scores[h - 1][d - 1] + 0.001)
            }
        }
        var matchedHeadlines = Set<Int>()
        var matchedDetails = Set<Int>()
        var h = rows
        var d = columns
        while h > 0 && d > 0 {
            if best[h][d] == best[h - 1][d - 1] + scores[h - 1][d - 1] + 0.001 {
                matchedHeadlines.insert(h - 1)
                matchedDetails.insert(d - 1)
                h -= 1
                d -= 1
            } else if best[h][d] == best[h - 1][d] {
                h -= 1
            } else {
                d -= 1
            }
        }
        var findings: [Finding] = []
        let lonelyHeadlines = (0..<rows).filter { !matchedHeadlines.contains($0) }
        let lonelyDetails = (0..<columns).filter { !matchedDetails.contains($0) }
        for index in lonelyHeadlines.prefix(rows - min(rows, columns)) {
            let text = context.headlines[index]
            findings.append(
                Finding(
                    range: text.range(0, text.scalars.count),
                    message:
                        "headline \(index + 1) has no detail (\(rows) headlines, \(columns) details); write its detail in the same place below, or delete it"
                ))
        }
        for index in lonelyDetails.prefix(columns - min(rows, columns)) {
            let text = context.details[index]
            findings.append(
                Finding(
                    range: text.range(0, min(text.scalars.count, 1)),
                    message:
                        "detail \(index + 1) has no headline (\(rows) headlines, \(columns) details); write its headline in the same place above, or delete it"
                ))
        }
        return findings
    }

    static func raise(_ value: inout Double, to weight: Double) {
        if value < weight { value = weight }
    }

    /// A stem a word contributes, and whether it is a number (which counts double).
    struct KeywordPart: Sendable {
        var stem: String
        var isNumber: Bool
    }

    /// Stems of the words that carry a story, with their weight: names and numbers count double.
    /// `known` holds each word's parts from earlier texts, by the word in lowercase.
    static func keywords(_ text: ProseText, known: inout [String: [KeywordPart]]) -> [String: Double] {
        var keys: [String: Double] = [:]
        keys.reserveCapacity(text.words.count)
        // The words are read in place, a field at a time: copying a word retains its three strings.
        let words = text.words
        for index in words.indices {
            let isName = index > 0 && words[index].isCapitalized
            let lowercase = words[index].lowercased
            for part in known.value(for: lowercase, orMake: { keywordParts(lowercase: lowercase) }) {
                // One lookup: an absent stem starts at 0, below every weight.
                Self.raise(&keys[part.stem, default: 0], to: isName || part.isNumber ? 2 : 1)
            }
        }
        return keys
    }

    /// The stems a word in lowercase contributes: each part of a hyphenated word, then the
    /// whole word; stop words and single letters contribute nothing.
    static func keywordParts(lowercase: String) -> [KeywordPart] {
        var parts: [KeywordPart] = []
        func add(_ lower: Substring) {
            let string = String(lower)
            guard string.characterCount >= 2 || lower.first?.isNumber == true, !CommonWords.stopWords.contains(string) else { return }
            parts.append(KeywordPart(stem: Stemmer.stem(lowercase: lower), isNumber: lower.first?.isNumber == true))
        }
        let lower = Substring(lowercase)
        if lower.utf8.contains(UInt8(ascii: "-")) {
            for part in lower.split(separator: "-") { add(part) }
        }
        add(lower)
        return parts
    }
}
