import Foundation

/// Whether moto's server and botocore are here, for the SES tests (`.ci/setup --test`).
public let sesEmulatorAvailable = pythonCanImport("moto.server, botocore, boto3")

/// Amazon SES on a loopback port: moto's server behind a proxy that recomputes every request's
/// SigV4 signature with botocore (`Servers/ses_server.py`), stopped by its PID.
public final class SESEmulator {
    /// The credentials the proxy checks signatures with; give them to the client under test.
    public let accessKey: String
    public let secretKey: String
    public let sessionToken: String?
    let server: TestServer

    /// - Parameters:
    ///   - verify: sender identities verified before the emulator is ready; mail from any
    ///     other sender is refused with `MessageRejected`.
    ///   - account: a `SendQuota` in JSON for GetAccount (`{"Max24HourSend": 200, "MaxSendRate":
    ///     1, "SentLast24Hours": 0}`); without it GetAccount goes to moto, which answers 404.
    ///   - faults: `KIND@N` or `KIND@N-M`, counted over SendEmail requests from 1 (throttle,
    ///     throttle-forever, error500, drop, drop-after-send, hang, reject-recipient).
    ///   - accountThrottles: how many GetAccount requests, the first, are answered 429.
    public init(
        verify: [String] = [], account: String? = nil, accountThrottles: Int = 0, faults: [String] = [],
        accessKey: String = "AKIDDIGESTTEST0000001", secretKey: String = "digest/test+secret", sessionToken: String? = nil
    ) throws {
        self.accessKey = accessKey
        self.secretKey = secretKey
        self.sessionToken = sessionToken
        var arguments = verify.flatMap { ["--verify", $0] } + faults.flatMap { ["--fault", $0] }
        if let account { arguments += ["--account", account] }
        if accountThrottles > 0 { arguments += ["--account-throttles", String(accountThrottles)] }
        var environment = ["AWS_ACCESS_KEY_ID": accessKey, "AWS_SECRET_ACCESS_KEY": secretKey, "AWS_SESSION_TOKEN": ""]
        if let sessionToken { environment["AWS_SESSION_TOKEN"] = sessionToken }
        server = try TestServer("ses_server.py", arguments, environment: environment)
    }

    public var port: Int { server.port }

    /// What `DIGEST_SES_ENDPOINT` names: the proxy, which forwards to moto.
    public var endpoint: String { "http://127.0.0.1:\(server.port)" }

    /// The environment a client signs with: the emulator's credentials.
    public var credentials: [String: String] {
        var variables = ["AWS_ACCESS_KEY_ID": accessKey, "AWS_SECRET_ACCESS_KEY": secretKey]
        if let sessionToken { variables["AWS_SESSION_TOKEN"] = sessionToken }
        return variables
    }

    /// A message moto accepted: its raw bytes as sent and the recipients moto counted (those
    /// of the request's `Destination`, then the To, Cc and Bcc headers' again).
    public struct Message: Sendable {
        public var id: String
        public var source: String?
        public var destinations: [String]
        public var raw: Data
    }

    /// The raw messages moto holds, in the order it accepted them (`GET /moto-api/data.json`).
    public func messages() throws -> [Message] {
        let fetched = try runProgram(["curl", "-sS", "--fail", "\(endpoint)/moto-api/data.json"])
        guard fetched.status == 0 else { throw Failure(text: "moto's data.json: \(fetched.errors)") }
        let data = try JSONSerialization.jsonObject(with: Data(fetched.output.utf8)) as? [String: Any]
        let raw = (data?["ses"] as? [String: Any])?["RawMessage"] as? [[String: Any]] ?? []
        return raw.map { entry in
            Message(
                id: entry["id"] as? String ?? "", source: entry["source"] as? String,
                destinations: entry["destinations"] as? [String] ?? [], raw: Data((entry["raw_data"] as? String ?? "").utf8))
        }
    }

    /// Every event the proxy logged about requests, one a line: `request N METHOD PATH`,
    /// `signature-mismatch METHOD PATH REASON`, `fault KIND N`, `sent MESSAGEID`.
    public func log() -> [String] { server.log().filter { !$0.hasPrefix("connection ") } }

    /// TCP connections opened to the proxy so far, its own check that it answers (before
    /// "ready") included.
    public var connections: Int { server.log().filter { $0.hasPrefix("connection ") }.count }

    /// The requests whose signature botocore computed differently, with the reason.
    public var mismatches: [String] { log().filter { $0.hasPrefix("signature-mismatch ") } }

    /// Waits for an event starting with `prefix`; `false` if none comes within `timeout` seconds.
    public func waitForEvent(_ prefix: String, timeout: Double = 60) -> Bool {
        server.waitForEvent(prefix, timeout: timeout)
    }

    public struct Failure: Error, CustomStringConvertible {
        public var text: String
        public var description: String { text }
    }
}
