/// Sets of punctuation the rules look for, built once rather than decoded from a string
/// literal at every character.
enum ScalarSet {
    static let sentenceEnds: ScalarMembership = [".", "?", "!"]
    /// Characters before a figure that make it part of something other than a count.
    static let beforeNonCount: ScalarMembership = ["+", "-", "–", "/", "$", "¥", "€", "£", "~", "#", ".", ","]
    /// Characters after a figure that make it part of something other than a count.
    static let afterNonCount: ScalarMembership = ["+", "/", "%"]
    static let numberSeparators: ScalarMembership = [".", ",", ":"]
    static let closingPunctuation: ScalarMembership = [",", ".", ";", ":", "?", "!", ")", "]", "”"]
    static let openingBrackets: ScalarMembership = ["(", "“", "["]
    static let closingBrackets: ScalarMembership = [")", "”", "]"]
    static let currencies: ScalarMembership = ["$", "¥", "€", "£"]
}

/// A small set of scalars that answers `contains` without hashing.
///
/// Prose rules ask it about every scalar of every paragraph; a `Set<Unicode.Scalar>` hashes
/// each one (a seeded SipHash), which showed up as a tenth of a lint run's time. ASCII
/// members are bits of a 128-bit mask, and the few others a short array.
struct ScalarMembership: Sendable, ExpressibleByArrayLiteral {
    private var asciiLow: UInt64 = 0
    private var asciiHigh: UInt64 = 0
    private var others: [Unicode.Scalar] = []

    init(arrayLiteral elements: Unicode.Scalar...) {
        for scalar in elements {
            switch scalar.value {
            case 0..<64: asciiLow |= 1 << UInt64(scalar.value)
            case 64..<128: asciiHigh |= 1 << UInt64(scalar.value - 64)
            default: others.append(scalar)
            }
        }
    }

    func contains(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<64: asciiLow & (1 << UInt64(scalar.value)) != 0
        case 64..<128: asciiHigh & (1 << UInt64(scalar.value - 64)) != 0
        default: others.contains(scalar)
        }
    }
}
