import DigestCore
import DigestTestSupport
import Testing

@testable import DigestLint

@Suite("What the index learns from the other issues")
struct CorpusIndexTests {
    static func entry(_ name: String, detail: String) -> IssueCorpus.Entry {
        let text = "US-Japan Alliance Digest Vol 2.5\nDate: 2023-03-23\n\nHeadlines\n- Talks open\n\nDetails\n- \(detail)\n"
        return IssueCorpus.Entry(
            filePath: "/archive/\(name)", path: name, issue: Settings.thisRepository.parser.parse(text).issue, isDraft: false)
    }

    @Test("of two spellings of a word that as many issues use, the one learned is the first in order, every run")
    func learnedSpellingIsChosenTheSameWay() {
        // Each pair's choice was whichever spelling the tally's order gave last, and that
        // order changes from process to process: eight pairs all chosen right by chance is 1 in 256.
        let pairs = [
            ("Space", "space"), ("Fleet", "fleet"), ("Coast", "coast"), ("Guard", "guard"), ("Force", "force"),
            ("Navy", "navy"), ("Army", "army"), ("Corps", "corps"),
        ]
        let detail = "Talks on " + pairs.map { "\($0.0) and \($0.1)" }.joined(separator: ", ") + "."
        let corpus = IssueCorpus(entries: [Self.entry("a.issue", detail: detail), Self.entry("b.issue", detail: detail)])
        let index = CorpusIndex(corpus, wordList: WordList(words: [String](), source: nil))
        for (first, second) in pairs {
            #expect(index.frequentWords[WordList.hash(second)] == first)
        }
        // A spelling more issues use wins whatever its order.
        let more = IssueCorpus(entries: [
            Self.entry("a.issue", detail: "Talks on space and Space."), Self.entry("b.issue", detail: "Talks on space and Space."),
            Self.entry("c.issue", detail: "Talks on space."),
        ])
        #expect(CorpusIndex(more, wordList: WordList(words: [String](), source: nil)).frequentWords[WordList.hash("space")] == "space")
    }
}
