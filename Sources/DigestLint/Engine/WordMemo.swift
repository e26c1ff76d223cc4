import Foundation
import Synchronization

/// What rules work out from a word alone, kept across the issues one lint worker checks.
///
/// An archive repeats its words from issue to issue (a name, `alliance`, `Japan’s`), so a
/// word's stems, its dictionary look-ups and its one-letter-deleted forms are worked out
/// once per worker instead of once per use. Each file being linted borrows a memo of its
/// own from the linter's ``Pool``, so the memo's locks are never contended; they only keep
/// a memo that is shared all the same correct.
public final class WordMemo: Sendable {
    /// `HeadlinesMatchDetailsRule`'s keyword parts of each word, by the word in lowercase.
    let keywordParts = Table<[HeadlinesMatchDetailsRule.KeywordPart]>()
    /// `ConsistentTermsRule`'s facts about each one-word spelling, by the spelling.
    let spellingFacts = Table<ConsistentTermsRule.SpellingFacts>()
    /// ``Lexicon/isListed(_:)`` of each word the spelling rule asks about. A memo serves one
    /// ``Linter``, whose settings give the house words.
    let listedWords = Table<Bool>()

    public init() {}

    /// Memos lent to the files being linted: one per file at a time, so a run on two cores
    /// keeps two memos, each carrying what its earlier files taught it.
    final class Pool: Sendable {
        private let idle = Mutex<[WordMemo]>([])

        /// A memo no other file is using.
        func take() -> WordMemo {
            idle.withLock { $0.popLast() } ?? WordMemo()
        }

        /// Returns a memo for the next file.
        func giveBack(_ memo: WordMemo) {
            idle.withLock { $0.append(memo) }
        }
    }

    /// Values by word, behind a lock taken once per batch of look-ups rather than per word.
    final class Table<Value: Sendable>: Sendable {
        private let values = Mutex<[String: Value]>([:])

        /// Runs `body` with the table to itself.
        func withValues<Result: Sendable>(_ body: (inout [String: Value]) -> Result) -> Result {
            values.withLock { body(&$0) }
        }
    }
}

extension Dictionary {
    /// The value for `key`, made and stored by `make` the first time.
    mutating func value(for key: Key, orMake make: () -> Value) -> Value {
        if let value = self[key] { return value }
        let value = make()
        self[key] = value
        return value
    }
}
