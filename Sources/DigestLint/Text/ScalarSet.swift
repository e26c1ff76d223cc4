/// Sets of punctuation the rules look for, built once rather than decoded from a string
/// literal at every character.
enum ScalarSet {
    static let sentenceEnds: Set<Unicode.Scalar> = [".", "?", "!"]
    /// Characters before a figure that make it part of something other than a count.
    static let beforeNonCount: Set<Unicode.Scalar> = ["+", "-", "–", "/", "$", "¥", "€", "£", "~", "#", ".", ","]
    /// Characters after a figure that make it part of something other than a count.
    static let afterNonCount: Set<Unicode.Scalar> = ["+", "/", "%"]
    static let numberSeparators: Set<Unicode.Scalar> = [".", ",", ":"]
    static let closingPunctuation: Set<Unicode.Scalar> = [",", ".", ";", ":", "?", "!", ")", "]", "”"]
    static let openingBrackets: Set<Unicode.Scalar> = ["(", "“", "["]
    static let closingBrackets: Set<Unicode.Scalar> = [")", "”", "]"]
    static let currencies: Set<Unicode.Scalar> = ["$", "¥", "€", "£"]
}
