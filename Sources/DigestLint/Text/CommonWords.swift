/// Short words that carry no story of their own: they never make a headline match its detail.
enum CommonWords {
    static let stopWords: Set<String> = [
        "a", "about", "after", "against", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "before",
        "being", "between", "both", "but", "by", "can", "could", "did", "do", "does", "during", "each", "for", "from",
        "had", "has", "have", "he", "her", "his", "how", "if", "in", "into", "is", "it", "its", "more", "most", "new",
        "no", "not", "of", "on", "or", "other", "our", "out", "over", "said", "she", "so", "some", "such", "than",
        "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "through", "to", "under",
        "up", "was", "we", "were", "what", "when", "where", "which", "while", "who", "will", "with", "would",
    ]

    /// Number words, with their values, for the number-style rule.
    static let numberWords: [String: Int] = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
        "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
        "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    ]

    /// How many bytes a number word has: a word of any other length is passed over without
    /// a look-up in ``numberWords``.
    static let numberWordLengths = numberWords.keys.map(\.utf8.count).min()!...numberWords.keys.map(\.utf8.count).max()!

    static let months: Set<String> = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]
}
