import DigestCore
import DigestMail
import DigestUnsubscribe
import Foundation
import Testing

/// What the one-click server needs before it listens, without starting it.
@Suite("the one-click server's setup")
struct OneClickSetupTests {
    static let secret = [UnsubscribeKey.environmentVariable: "a test secret of more than sixteen bytes"]

    func setup(_ folder: ListFolder, environment: [String: String], unsubscribeURL: String?, notes: inout [String]) throws(OneClickSetup
        .Failure) -> OneClickSetup
    {
        var settings = try! SettingsFile.load(from: folder.root.appendingPathComponent("digest.yaml"))
        settings.list.unsubscribeURL = unsubscribeURL
        var noted: [String] = []
        defer { notes = noted }
        return try OneClickSetup(
            root: folder.root, settings: settings, environment: environment, today: { IssueDate(iso: "2026-12-06")! },
            displayPath: { "shown/" + $0.lastPathComponent }, note: { noted.append($0) })
    }

    @Test("without the secret, or with one too short, it refuses saying what to set")
    func refuses() throws {
        let folder = try ListFolder(readers: [])
        var notes: [String] = []
        let missing = #expect(throws: OneClickSetup.Failure.self) {
            try setup(folder, environment: [:], unsubscribeURL: "https://example.org/u", notes: &notes)
        }
        #expect(missing?.description == "DIGEST_UNSUBSCRIBE_SECRET is not set: it must be the secret digest send signed the links with")
        let short = #expect(throws: OneClickSetup.Failure.self) {
            try setup(folder, environment: [UnsubscribeKey.environmentVariable: "short"], unsubscribeURL: nil, notes: &notes)
        }
        #expect(short != nil)
    }

    @Test("with the secret it opens the repository's log and list, noting a missing unsubscribe-url; a second one is refused")
    func opens() throws {
        let folder = try ListFolder(readers: ["ann@example.org"])
        var notes: [String] = []
        let first = try setup(folder, environment: Self.secret, unsubscribeURL: nil, notes: &notes)
        #expect(first.desk.listURL == folder.listURL && first.desk.listPath == "shown/subscribers.csv")
        #expect(
            notes == ["note: list.unsubscribe-url is not set in digest.yaml, so no message links here; set it to the proxy's https URL"])
        #expect(FileManager.default.fileExists(atPath: folder.logURL.path))
        let second = #expect(throws: OneClickSetup.Failure.self) {
            try setup(folder, environment: Self.secret, unsubscribeURL: "https://example.org/u", notes: &notes)
        }
        #expect(second != nil)
        withExtendedLifetime(first) {}
    }
}
