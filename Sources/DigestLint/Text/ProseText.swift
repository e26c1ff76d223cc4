import DigestCore

/// The text of a headline or detail as rules read it: Unicode scalars with offsets that map
/// back to the file, markup marked so prose rules skip it, and the words.
public final class ProseText: Sendable {
    public let paragraph: Paragraph
    /// The paragraph's lines joined with spaces (`paragraph.text`, which joins them anew
    /// each time it is asked).
    public let joinedLines: String
    public let scalars: [Unicode.Scalar]
    /// `true` for scalars a reader does not see: emphasis delimiters, escapes, link addresses.
    public let isMarkup: [Bool]
    public let words: [Word]
    /// Maps offsets back to the file.
    let positions: PositionMap

    public init(_ paragraph: Paragraph) {
        self.paragraph = paragraph
        let text = paragraph.text
        joinedLines = text
        // In one pass: `Array(text.unicodeScalars)` walks the text once to count its scalars
        // and again to copy them. There are no more scalars than UTF-8 bytes.
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars { scalars.append(scalar) }
        self.scalars = scalars
        var mask = [Bool](repeating: false, count: scalars.count)
        for range in InlineParser.markup(of: scalars) {
            for offset in range where offset < mask.count { mask[offset] = true }
        }
        isMarkup = mask
        words = Word.split(scalars, skipping: mask)
        positions = paragraph.positionMap
    }

    /// The source range of `length` scalars from `offset`.
    public func range(_ offset: Int, _ length: Int) -> SourceRange {
        positions.range(atOffset: offset, length: length)
    }

    /// The text of `scalars[range]`.
    public func string(_ range: Range<Int>) -> String {
        String(unicodeScalars: scalars[range])
    }

    /// The index in ``words`` of the word that starts at `offset`, found by binary search
    /// (the words are in order), so that asking for each word's neighbour stays linear.
    public func wordIndex(atOffset offset: Int) -> Int? {
        let index = firstWord(atOrAfter: offset)
        return index < words.count && words[index].offset == offset ? index : nil
    }

    /// The index of the first word that starts at `offset` or after it (`words.count` when none does).
    public func firstWord(atOrAfter offset: Int) -> Int {
        words.partitionPoint { $0.offset >= offset }
    }

    /// The scalar at `offset`, or `nil` outside the text.
    public subscript(safe offset: Int) -> Unicode.Scalar? {
        offset >= 0 && offset < scalars.count ? scalars[offset] : nil
    }

    /// A fix replacing `length` scalars from `offset` with `replacement`.
    public func fix(_ offset: Int, _ length: Int, _ replacement: String) -> Fix {
        Fix(range: range(offset, length), replacement: replacement)
    }
}

/// A word: letters and digits, with apostrophes and hyphens inside it (`Japan’s`, `co-development`).
public struct Word: Sendable, Hashable {
    public let text: String
    /// Offset in the paragraph's text, in Unicode scalars.
    public let offset: Int
    public let length: Int
    /// The word in lowercase.
    public let lowercased: String
    /// The word without a possessive ending (`Japan’s` → `Japan`, `allies’` → `allies`).
    public let withoutPossessive: String
    /// Whether the first letter is uppercase.
    public let isCapitalized: Bool
    /// Whether every letter is uppercase and there are at least two (`US`, `NEXT`, `EPCC`).
    public let isAcronym: Bool
    /// Whether the word has a digit in it (`F-35s`, `13th`, `2019`).
    public let hasDigit: Bool

    /// A word of `scalars`; its properties are worked out once, since every rule asks for them.
    init(_ scalars: Slice<UnsafeBufferPointer<Unicode.Scalar>>, offset: Int) {
        text = String(unicodeScalars: scalars)
        self.offset = offset
        length = scalars.count
        lowercased = text.lowercased()
        var letters = 0
        var uppercase = 0
        var digit = false
        for scalar in scalars {
            if scalar.isLetter {
                letters += 1
                if scalar.isUppercaseLetter { uppercase += 1 }
            } else if scalar.isDigit {
                digit = true
            }
        }
        hasDigit = digit
        isAcronym = letters >= 2 && uppercase == letters
        isCapitalized = scalars.first?.isUppercaseLetter ?? false
        var bare = scalars[...]
        if bare.count > 2, let last = bare.last, last == "s", let before = bare.dropLast().last, before == "’" || before == "'" {
            bare = bare.dropLast(2)
        } else if bare.count > 1, let last = bare.last, last == "’" || last == "'" {
            bare = bare.dropLast()
        }
        withoutPossessive = bare.count == scalars.count ? text : String(unicodeScalars: bare)
    }

    /// Whether the word is made only of digits and number punctuation.
    public var isNumber: Bool {
        text.unicodeScalars.allSatisfy { $0.isDigit || $0 == "," || $0 == "." }
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isLetter || scalar.isDigit
    }

    static func isJoiner(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "’" || scalar == "'" || scalar == "-" || scalar == "‑"
    }

    /// The words of `scalars`, leaving out markup.
    static func split(_ scalars: [Unicode.Scalar], skipping markup: [Bool]) -> [Word] {
        // Each word is read from the array's buffer: a slice of the array itself would retain
        // and release the array at every step of reading a word, for every word of the archive.
        scalars.withUnsafeBufferPointer { split($0, skipping: markup) }
    }

    private static func split(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, skipping markup: [Bool]) -> [Word] {
        var words: [Word] = []
        // About one word in six scalars: sized once rather than regrown as words are found.
        words.reserveCapacity(scalars.count / 6)
        var index = 0
        while index < scalars.count {
            guard isWordScalar(scalars[index]), !markup[index] else {
                index += 1
                continue
            }
            let start = index
            var end = index + 1
            while end < scalars.count, !markup[end] {
                if isWordScalar(scalars[end]) {
                    end += 1
                } else if isJoiner(scalars[end]), end + 1 < scalars.count, isWordScalar(scalars[end + 1]), !markup[end + 1] {
                    end += 2
                } else if scalars[end] == "’" || scalars[end] == "'", scalars[end - 1] == "s" {
                    // A plural possessive: allies’.
                    end += 1
                    break
                } else {
                    break
                }
            }
            words.append(Word(scalars[start..<end], offset: start))
            index = end
        }
        return words
    }
}
