import DigestCore
import DigestMail
import Foundation
import Testing

/// `digest dkim keygen` without the command: the selector, domain and file the settings call for.
@Suite("making a DKIM key")
struct DKIMKeygenTests {
    func settings(dkim: Settings.DKIM?) throws -> Settings {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var settings = try SettingsFile.load(from: root.appendingPathComponent("digest.yaml"))
        settings.sender.address = "editor@news.example.org"
        settings.dkim = dkim
        return settings
    }

    @Test("the selector and domain come from --selector or the settings, the file is named after both; none is nil")
    func plan() throws {
        #expect(DKIMKeygen(settings: try settings(dkim: nil), selector: nil, output: nil) == nil)
        let bare = try #require(DKIMKeygen(settings: try settings(dkim: nil), selector: "s1", output: nil))
        #expect(
            (bare.selector, bare.domain, bare.path, bare.needsSettings) == ("s1", "news.example.org", "s1.news.example.org.dkim.pem", true))
        let configured = try #require(
            DKIMKeygen(settings: try settings(dkim: .init(selector: "d2026", domain: "example.org")), selector: nil, output: "/keys/k.pem"))
        #expect(
            (configured.selector, configured.domain, configured.path, configured.needsSettings) == (
                "d2026", "example.org", "/keys/k.pem", false
            ))
    }

    @Test("the key is written readable by its owner alone, the record names the selector, the note what to do; never over a file")
    func writes() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dkim-\(UUID().uuidString).pem").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let keygen = try #require(DKIMKeygen(settings: try settings(dkim: nil), selector: "s1", output: path))
        let (record, note) = try keygen.run(.ed25519)
        #expect(record.hasPrefix("s1._domainkey.news.example.org TXT \"v=DKIM1; k=ed25519; p="))
        #expect(
            note
                == "wrote the private key to \(path) (mode 600); publish the record above, then send with DIGEST_DKIM_KEY=\(path) and a dkim section in digest.yaml (selector: s1)"
        )
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
        #expect(throws: DKIMError.self) { try keygen.run(.ed25519) }
    }

    @Test("a --selector that is not a DNS label is refused before anything is written", arguments: ["../../x", "a b; t=y", "a\nb", ""])
    func refusesSelector(_ selector: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dkim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var keygen = try #require(DKIMKeygen(settings: try settings(dkim: nil), selector: selector, output: nil))
        // Where the key would go, kept inside the folder: `a/b/../../x…` for `../../x`.
        keygen.path = folder.appendingPathComponent("a/b").appendingPathComponent(keygen.path).path
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("a/b"), withIntermediateDirectories: true)
        #expect(throws: DKIMError.self) { try keygen.run(.ed25519) }
        #expect(!FileManager.default.fileExists(atPath: keygen.path))
    }

    @Test("a --selector other than dkim.selector says the settings must change before a send signs with it")
    func otherSelector() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dkim-\(UUID().uuidString).pem").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let keygen = try #require(
            DKIMKeygen(settings: try settings(dkim: .init(selector: "d2026")), selector: "d2027", output: path))
        let (record, note) = try keygen.run(.ed25519)
        #expect(record.hasPrefix("d2027._domainkey.news.example.org TXT"))
        #expect(note.hasSuffix("DIGEST_DKIM_KEY=\(path) once dkim.selector in digest.yaml is d2027 (it is d2026, which sends sign with)"))
    }
}
