import DigestCore
import DigestTestSupport
import Testing

@Suite("digest site: its settings")
struct SiteSettingsTests {
    static func settings(_ site: String) throws -> Settings {
        try SettingsFile.parse(
            Settings.thisRepositoryYAML.replacingOccurrences(of: "  paper: A4\n", with: site), path: "digest.yaml")
    }

    @Test("the shipped settings print on A4 and carry 20 issues in the feed")
    func defaults() {
        #expect(Settings.thisRepository.site.paper == "A4")
        #expect(Settings.thisRepository.site.feedEntries == 20)
    }

    @Test("site.paper takes Letter, in any case")
    func letter() throws {
        #expect(try Self.settings("  paper: letter\n").site.paper == "Letter")
    }

    @Test("a paper size other than A4 or Letter is reported at its line, saying what to write")
    func badPaper() throws {
        #expect {
            try Self.settings("  paper: A5\n")
        } throws: { error in
            let text = "\(error)"
            return text.contains("digest.yaml:") && text.contains("\"site.paper\" must be A4 or Letter, not \"A5\"")
        }
    }

    @Test("a feed of no issues is refused")
    func badFeedEntries() throws {
        #expect {
            try SettingsFile.parse(
                Settings.thisRepositoryYAML.replacingOccurrences(of: "feed-entries: 20", with: "feed-entries: 0"),
                path: "digest.yaml")
        } throws: { error in
            "\(error)".contains("\"site.feed-entries\" must be a whole number from 1 to 1000")
        }
    }
}
