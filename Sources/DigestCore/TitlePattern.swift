/// The shape of the title line, such as `{name} Vol {volume}.{number}`.
///
/// `{name}` stands for the publication's name, `{volume}` and `{number}` for positive
/// whole numbers; everything else is literal text.
public struct TitlePattern: Hashable, Sendable, CustomStringConvertible {
    public enum Piece: Hashable, Sendable {
        case literal(String)
        case name
        case volume
        case number

        var isLiteral: Bool {
            if case .literal = self { true } else { false }
        }
    }

    public let pieces: [Piece]
    public let description: String

    public static let placeholders: [String: Piece] = ["{name}": .name, "{volume}": .volume, "{number}": .number]

    /// The pattern, or a message saying what is wrong with it.
    public init(_ pattern: String) throws(TitlePatternError) {
        var pieces: [Piece] = []
        var rest = Substring(pattern)
        while !rest.isEmpty {
            if let (placeholder, piece) = Self.placeholders.first(where: { rest.hasPrefix($0.key) }) {
                pieces.append(piece)
                rest = rest.dropFirst(placeholder.count)
            } else if rest.first == "{" {
                let name = rest.prefix { $0 != "}" }
                throw TitlePatternError(message: "unknown placeholder \(name)}; use {name}, {volume} and {number}")
            } else {
                let literal = rest.prefix { $0 != "{" }
                pieces.append(.literal(String(literal)))
                rest = rest.dropFirst(literal.count)
            }
        }
        for required in [Piece.volume, .number] where pieces.filter({ $0 == required }).count != 1 {
            throw TitlePatternError(message: "the title pattern must contain {volume} and {number} exactly once each")
        }
        for (a, b) in zip(pieces, pieces.dropFirst()) where !a.isLiteral && !b.isLiteral {
            throw TitlePatternError(message: "put some text between two placeholders, as in {volume}.{number}")
        }
        self.pieces = pieces
        self.description = pattern
    }

    /// What a title says, when it matches the pattern.
    public struct Match: Equatable, Sendable {
        public var name: String
        public var volume: Int
        public var number: Int
    }

    /// Matches the whole of `title`; `{name}` matches as little as it can.
    public func match(_ title: some StringProtocol) -> Match? {
        var match = Match(name: "", volume: 0, number: 0)
        return Self.match(pieces[...], Substring(title), into: &match) ? match : nil
    }

    private static func match(_ pieces: ArraySlice<Piece>, _ text: Substring, into match: inout Match) -> Bool {
        guard let piece = pieces.first else { return text.isEmpty }
        let rest = pieces.dropFirst()
        switch piece {
        case .literal(let literal):
            return text.hasPrefix(literal) && Self.match(rest, text.dropFirst(literal.count), into: &match)
        case .volume, .number:
            let digits = text.prefix { $0.isASCIIDigit }
            guard !digits.isEmpty, digits.count <= 6, let value = Int(digits) else { return false }
            if piece == .volume { match.volume = value } else { match.number = value }
            return Self.match(rest, text.dropFirst(digits.count), into: &match)
        case .name:
            // The name ends where the next literal first matches the rest of the title.
            guard case .literal(let next)? = rest.first else {
                match.name = String(text)
                return rest.isEmpty && !text.isEmpty
            }
            var searchStart = text.startIndex
            while let found = text[searchStart...].range(of: next), found.lowerBound > text.startIndex {
                var attempt = match
                if Self.match(rest, text[found.lowerBound...], into: &attempt) {
                    attempt.name = String(text[..<found.lowerBound])
                    match = attempt
                    return true
                }
                searchStart = text.index(after: found.lowerBound)
            }
            return false
        }
    }

    /// The title for these values: `US-Japan Alliance Digest Vol 2.6`.
    public func title(name: String, volume: Int, number: Int) -> String {
        pieces.map { piece in
            switch piece {
            case .literal(let text): text
            case .name: name
            case .volume: String(volume)
            case .number: String(number)
            }
        }.joined()
    }
}

/// A title pattern that cannot be used, and why.
public struct TitlePatternError: Error, Equatable, Sendable {
    public var message: String
}

extension Substring {
    /// The range of the first occurrence of `needle`, searching character by character.
    func range(of needle: String) -> Range<Index>? {
        guard !needle.isEmpty else { return nil }
        var start = startIndex
        while start < endIndex {
            if self[start...].hasPrefix(needle) {
                return start..<index(start, offsetBy: needle.count)
            }
            start = index(after: start)
        }
        return nil
    }
}
