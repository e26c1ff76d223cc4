import DigestCore

/// `digest dkim keygen`: a new private key for the selector and domain the settings name,
/// written where the editor says (or beside them, named after both), and the DNS record to publish.
public struct DKIMKeygen: Sendable {
    public var selector: String
    /// `dkim.domain`, or the sender address's domain.
    public var domain: String
    /// The key file to write: the one given, or `SELECTOR.DOMAIN.dkim.pem`.
    public var path: String
    /// Whether the settings have no `dkim` section yet, so the editor must add one.
    public var needsSettings: Bool
    /// `dkim.selector`, which a send signs with whatever `--selector` said.
    public var configuredSelector: String?

    /// The keygen the settings call for; `nil` when neither `selector` nor `dkim.selector` names one.
    public init?(settings: Settings, selector: String?, output: String?) {
        guard let selector = selector ?? settings.dkim?.selector else { return nil }
        self.selector = selector
        domain = settings.dkim?.domain ?? String(settings.sender.address.split(separator: "@").last ?? "")
        path = output ?? "\(selector).\(domain).dkim.pem"
        needsSettings = settings.dkim == nil
        configuredSelector = settings.dkim?.selector
    }

    /// Makes and writes the key (mode 600, never over a file); returns the DNS record to
    /// publish and the note that says what to do next.
    public func run(_ algorithm: DKIMKeyFile.Algorithm) throws(DKIMError) -> (record: String, note: String) {
        // --selector is not read through the settings' checks, and it names the file: a
        // value such as `../x` or `a b; t=y` would write elsewhere or print a record no one can publish.
        guard Settings.DKIM.isDNSName(selector) else {
            throw .configuration(
                "the selector must be a DNS label of letters, digits, hyphens and dots, such as digest2026, not \(selector.debugDescription)"
            )
        }
        let key = try DKIMKeyFile.generate(algorithm)
        try DKIMKeyFile.write(DKIMKeyFile.pem(of: key), to: path)
        var settingsNote = needsSettings ? " and a dkim section in digest.yaml (selector: \(selector))" : ""
        // A new selector beside the configured one (a key rotation): sends keep signing with
        // the old selector until the settings change, and would fail against this record.
        if let configuredSelector, configuredSelector != selector {
            settingsNote = " once dkim.selector in digest.yaml is \(selector) (it is \(configuredSelector), which sends sign with)"
        }
        return (
            DKIMKeyFile.dnsRecord(for: key, selector: selector, domain: domain),
            "wrote the private key to \(path) (mode 600); publish the record above, then send with \(DKIMKeyFile.environmentVariable)=\(path)\(settingsNote)"
        )
    }
}
