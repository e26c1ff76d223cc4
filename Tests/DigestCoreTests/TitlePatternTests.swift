import DigestCore
import Testing

/// The title line's shape comes from `publication.title` in digest.yaml.
@Suite("TitlePattern")
struct TitlePatternTests {
    /// The Alliance Digest's pattern, as its `digest.yaml` writes it.
    static let volPattern = try! TitlePattern("{name} Vol {volume}.{number}")

    @Test(
        "titles that match the Alliance Digest pattern",
        arguments: [
            ("US-Japan Alliance Digest Vol 2.6", "US-Japan Alliance Digest", 2, 6),
            ("US-Japan Alliance Digest Vol 1.16", "US-Japan Alliance Digest", 1, 16),
            ("US-Japan Alliance Digest Vol 10.260", "US-Japan Alliance Digest", 10, 260),
            // Names that contain "Vol" themselves: the name is the shortest that lets the rest match.
            ("Volunteer Digest Vol 3.1", "Volunteer Digest", 3, 1),
            ("The Vol Review Vol 2.6", "The Vol Review", 2, 6),
            ("Digest Vol 7 Edition Vol 2.6", "Digest Vol 7 Edition", 2, 6),
            ("Digest Vol 7.x Vol 2.6", "Digest Vol 7.x", 2, 6),
            ("Vol Vol 1.2", "Vol", 1, 2),
            ("Vol 1.2 Vol 3.4", "Vol 1.2", 3, 4),
            ("日米 Vol 1.2", "日米", 1, 2),
        ])
    func matches(title: String, name: String, volume: Int, number: Int) throws {
        let match = try #require(Self.volPattern.match(title))
        #expect(match.name == name)
        #expect(match.volume == volume)
        #expect(match.number == number)
    }

    @Test(
        "titles that do not match",
        arguments: [
            "US-Japan Alliance Digest 2.6",
            "US-Japan Alliance Digest Vol 2",
            "US-Japan Alliance Digest Vol 2.",
            "US-Japan Alliance Digest Vol .6",
            "US-Japan Alliance Digest Vol 2.6 ",
            "US-Japan Alliance Digest vol 2.6",
            "US-Japan Alliance Digest Vol 2,6",
            "US-Japan Alliance Digest Vol two.six",
            "US-Japan Alliance Digest Vol ٢.٦",  // Arabic-Indic digits are not ASCII digits
            "US-Japan Alliance Digest Vol 1234567.1",  // more than six digits
            "Vol 2.6",  // no name
            "",
        ])
    func doesNotMatch(title: String) {
        #expect(Self.volPattern.match(title) == nil)
    }

    @Test("a title made from a pattern matches it again")
    func titleRoundTrip() throws {
        let pattern = try TitlePattern("{name} — No. {number}, Volume {volume}")
        let title = pattern.title(name: "Weekly Vol Notes", volume: 4, number: 12)
        #expect(title == "Weekly Vol Notes — No. 12, Volume 4")
        #expect(pattern.match(title)?.summary == "Weekly Vol Notes | 4 | 12")
        #expect(pattern.description == "{name} — No. {number}, Volume {volume}")
        #expect(
            Self.volPattern.title(name: "US-Japan Alliance Digest", volume: 2, number: 6) == "US-Japan Alliance Digest Vol 2.6")
    }

    @Test("a pattern without a name matches literal text")
    func patternWithoutName() throws {
        let pattern = try TitlePattern("Digest {volume}/{number}")
        #expect(pattern.match("Digest 3/4")?.summary == " | 3 | 4")
        #expect(pattern.match("The Digest 3/4") == nil)
    }

    @Test(
        "bad patterns are refused with a reason",
        arguments: [
            ("{name} Vol {volume}", "exactly once"),
            ("{name} Vol {number}", "exactly once"),
            ("{name} Vol {volume}.{number} {volume}", "exactly once"),
            ("{name} Vol {volume}{number}", "put some text between two placeholders"),
            ("{name}{volume}.{number}", "put some text between two placeholders"),
            ("{name} Vol {issue}.{number}", "unknown placeholder {issue}"),
            ("{Name} Vol {volume}.{number}", "unknown placeholder {Name}"),
            ("", "exactly once"),
        ])
    func badPatterns(pattern: String, reason: String) {
        let error = #expect(throws: TitlePatternError.self) { try TitlePattern(pattern) }
        #expect(error?.message.contains(reason) == true, "\(error?.message ?? "no error")")
    }
}

extension TitlePattern.Match {
    /// `name | volume | number`, to compare a whole match at once.
    var summary: String { "\(name) | \(volume) | \(number)" }
}
