import Foundation

extension StringProtocol {
    /// The text without the white space and line breaks around it, as
    /// `trimmingCharacters(in: .whitespacesAndNewlines)` gives it.
    public var trimmingWhitespaceAndNewlines: String {
        trimming(ascii: { $0 == " " || ("\t"..."\r").contains($0) }, orAsFoundationTrims: .whitespacesAndNewlines)
    }

    /// The text without the spaces and tabs around it, as
    /// `trimmingCharacters(in: .whitespaces)` gives it.
    public var trimmingWhitespace: String {
        trimming(ascii: { $0 == " " || $0 == "\t" }, orAsFoundationTrims: .whitespaces)
    }

    /// The text without the ASCII characters `isTrimmed` says around it, when what is left
    /// starts and ends with a letter, digit, punctuation mark or symbol, which no set of white
    /// space or line breaks holds; otherwise what Foundation's trimming in `set` gives.
    ///
    /// Foundation's trimming goes through an NSString and decodes it generically, a fifth of
    /// a millisecond over digest.yaml's values, in every `digest lint` a pre-commit hook
    /// starts; most values have nothing to trim, or ASCII spaces.
    private func trimming(ascii isTrimmed: (Unicode.Scalar) -> Bool, orAsFoundationTrims set: CharacterSet) -> String {
        var scalars = Substring(self).unicodeScalars[...]
        while let first = scalars.first, first.isASCII, isTrimmed(first) { scalars.removeFirst() }
        while let last = scalars.last, last.isASCII, isTrimmed(last) { scalars.removeLast() }
        guard let first = scalars.first, let last = scalars.last else { return "" }
        if String.isNeverTrimmed(first) && String.isNeverTrimmed(last) { return String(Substring(scalars)) }
        return trimmingCharacters(in: set)
    }
}

extension String {
    /// Whether no set of white space or line breaks holds the scalar: those hold separators,
    /// controls and format characters (U+200B), never letters, numbers, punctuation or symbols.
    fileprivate static func isNeverTrimmed(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar.value > 0x20 && scalar.value < 0x7F }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber, .letterNumber,
            .otherNumber, .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }
}
