import Foundation

/// Whether dkimpy (with PyNaCl) and openssl are here, for the DKIM tests (`.ci/setup --test`).
public let dkimpyAvailable = pythonCanImport("dkim, nacl") && (try? runProgram(["openssl", "version"]))?.status == 0

/// A key made by `openssl genpkey` in a temporary folder, and the TXT record that publishes it.
public final class OpenSSLKey {
    public let folder: URL
    /// The private key's PEM file, mode 600.
    public let path: String
    /// `v=DKIM1; k=…; p=…`.
    public let record: String

    /// - Parameter algorithm: `rsa` (of `bits`) or `ed25519`.
    public init(_ algorithm: String, bits: Int = 2048) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-dkim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("key.pem").path
        let options = algorithm == "rsa" ? ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:\(bits)"] : ["-algorithm", "ed25519"]
        let made = try runProgram(["openssl", "genpkey"] + options + ["-out", path])
        guard made.status == 0 else { throw OpenSSLFailure(text: made.errors) }
        chmod(path, 0o600)
        let publicPath = folder.appendingPathComponent("public.der").path
        let exported = try runProgram(["openssl", "pkey", "-in", path, "-pubout", "-outform", "DER", "-out", publicPath])
        guard exported.status == 0 else { throw OpenSSLFailure(text: exported.errors) }
        let der = try Data(contentsOf: URL(fileURLWithPath: publicPath))
        // RFC 8463: an Ed25519 record holds the raw key, the last 32 bytes of its SubjectPublicKeyInfo.
        let published = algorithm == "rsa" ? der : der.suffix(32)
        record = "v=DKIM1; k=\(algorithm == "rsa" ? "rsa" : "ed25519"); p=\(published.base64EncodedString())"
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    public struct OpenSSLFailure: Error { public var text: String }
}

/// Runs dkimpy's `verify` over each message with `record` as the only DNS answer; one
/// result a message, and the names dkimpy asked for.
public func dkimpyVerdicts(_ messages: [[UInt8]], record: String) throws -> (verdicts: [Bool], queried: Set<String>) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-dkimpy-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for (index, message) in messages.enumerated() {
        try Data(message).write(to: folder.appendingPathComponent(String(format: "%05d.eml", index)))
    }
    let script = """
        import dkim, glob, sys
        record = sys.argv[2].encode()
        asked = set()
        def dnsfunc(name, timeout=5):
            asked.add(name.decode())
            return record
        for name in sorted(glob.glob(sys.argv[1] + "/*.eml")):
            print("ok" if dkim.verify(open(name, "rb").read(), dnsfunc=dnsfunc, minkey=2048) else "fail")
        print("asked", " ".join(sorted(asked)))
        """
    let (output, errors) = try runPython(script, [folder.path, record])
    let lines = output.split(separator: "\n").map(String.init)
    let verdicts = lines.filter { $0 == "ok" || $0 == "fail" }.map { $0 == "ok" }
    guard verdicts.count == messages.count else { throw DKIMPyFailure(text: output + errors) }
    let asked = lines.first { $0.hasPrefix("asked") }.map { Set($0.split(separator: " ").dropFirst().map(String.init)) } ?? []
    return (verdicts, asked)
}

public struct DKIMPyFailure: Error, CustomStringConvertible {
    public var text: String
    public var description: String { text }
}
