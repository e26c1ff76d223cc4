import DigestTestSupport
import Foundation
import Testing

/// The SES emulator the SES route's tests stand on, driven by clients that sign their own
/// way: the curl CLI (libcurl's `--aws-sigv4`, the signer digest uses) and boto3.
@Suite(
    "SES emulator: moto behind a SigV4-checking proxy", .serialized,
    .enabled(if: sesEmulatorAvailable, "python3 -m pip install 'moto[server]' botocore boto3 (.ci/setup --test does)"))
struct SESEmulatorTests {
    static let sender = "news@example.org"
    static let rawMessage =
        "From: Digest <news@example.org>\r\nTo: ann@example.com\r\nSubject: =?utf-8?q?Caf=C3=A9?=\r\n"
        + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello, Ann.\r\n"

    static func sendEmailBody(from sender: String = sender, raw: String = rawMessage) -> String {
        #"{"FromEmailAddress":"\#(sender)","Destination":{"ToAddresses":["ann@example.com"]},"#
            + #""Content":{"Raw":{"Data":"\#(Data(raw.utf8).base64EncodedString())"}}}"#
    }

    /// What `curl` made of one request: its exit status, the HTTP status, headers and body.
    struct Exchange {
        var exit: Int32
        var status: Int
        var headers: String
        var body: String
    }

    /// One request signed by curl's `--aws-sigv4` with `secret` (the emulator's by default).
    static func curl(
        _ emulator: SESEmulator, _ method: String = "POST", _ path: String = "/v2/email/outbound-emails", body: String? = nil,
        secret: String? = nil, region: String = "us-east-1", extra: [String] = []
    ) throws -> Exchange {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-curl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let headers = folder.appendingPathComponent("headers").path
        let output = folder.appendingPathComponent("body").path
        var arguments = [
            "curl", "-sS", "-X", method, "--aws-sigv4", "aws:amz:\(region):ses", "--user",
            "\(emulator.accessKey):\(secret ?? emulator.secretKey)",
            "-D", headers, "-o", output, "-w", "%{http_code}", "-m", "20",
        ]
        if let body { arguments += ["-H", "Content-Type: application/json", "--data-binary", body] }
        let result = try runProgram(arguments + extra + ["\(emulator.endpoint)\(path)"])
        return Exchange(
            exit: result.status, status: Int(result.output) ?? 0, headers: (try? String(contentsOfFile: headers, encoding: .utf8)) ?? "",
            body: (try? String(contentsOfFile: output, encoding: .utf8)) ?? "")
    }

    @Test("a SendEmail request signed by curl passes the proxy and reaches moto byte for byte")
    func curlSigned() throws {
        let emulator = try SESEmulator(verify: [Self.sender])
        let exchange = try Self.curl(emulator, body: Self.sendEmailBody())
        #expect(exchange.status == 200, "\(exchange.body)")
        let id = try #require(try JSONSerialization.jsonObject(with: Data(exchange.body.utf8)) as? [String: String])["MessageId"]
        #expect(emulator.waitForEvent("sent \(id ?? "?")"))
        #expect(emulator.mismatches == [])
        let messages = try emulator.messages()
        #expect(messages.map(\.id) == [id])
        #expect(messages.first?.raw == Data(Self.rawMessage.utf8))
        #expect(Set(messages.first?.destinations ?? []) == ["ann@example.com"])
        #expect(emulator.log() == ["request 1 POST /v2/email/outbound-emails", "sent \(id ?? "?")"])
    }

    @Test("a wrong secret, a missing session token and a body changed after signing are each reported as a mismatch")
    func mismatches() throws {
        let emulator = try SESEmulator(verify: [Self.sender], sessionToken: "token/with+symbols=")
        let token = ["-H", "X-Amz-Security-Token: token/with+symbols="]
        #expect(try Self.curl(emulator, body: Self.sendEmailBody(), extra: token).status == 200)
        #expect(emulator.mismatches == [])

        let wrongSecret = try Self.curl(emulator, body: Self.sendEmailBody(), secret: "not-the-secret", extra: token)
        #expect(wrongSecret.status == 403)
        #expect(wrongSecret.headers.contains("x-amzn-ErrorType: SignatureDoesNotMatch"))
        #expect(emulator.mismatches.count == 1)

        #expect(try Self.curl(emulator, body: Self.sendEmailBody()).status == 403)
        #expect(emulator.mismatches.last?.contains("X-Amz-Security-Token") == true)

        // botocore signs one body; the request then carries another of the same length.
        let script = """
            import http.client, os, sys, urllib.parse
            from botocore.auth import SigV4Auth
            from botocore.awsrequest import AWSRequest
            from botocore.credentials import Credentials
            endpoint, body = sys.argv[1], sys.argv[2].encode()
            request = AWSRequest(method="POST", url=endpoint + "/v2/email/outbound-emails", data=body,
                                 headers={"Content-Type": "application/json"})
            credentials = Credentials(os.environ["AWS_ACCESS_KEY_ID"], os.environ["AWS_SECRET_ACCESS_KEY"], os.environ["AWS_SESSION_TOKEN"])
            SigV4Auth(credentials, "ses", "us-east-1").add_auth(request)
            for tampered in (False, True):
                sent = body.replace(b"ann@example.com", b"bob@example.com") if tampered else body
                connection = http.client.HTTPConnection(urllib.parse.urlsplit(endpoint).netloc)
                connection.request("POST", "/v2/email/outbound-emails", body=sent, headers=dict(request.headers.items()))
                print(connection.getresponse().status)
            """
        let result = try runProgram(["python3", "-c", script, emulator.endpoint, Self.sendEmailBody()], environment: emulator.credentials)
        #expect(result.output == "200\n403\n", "\(result.errors)")
        #expect(emulator.mismatches.count == 3)
        #expect(emulator.mismatches.last?.hasPrefix("signature-mismatch POST /v2/email/outbound-emails signature ") == true)
        #expect(try emulator.messages().count == 2)
    }

    @Test("boto3's sesv2 client sends, reads the configured quota and is refused an unverified sender")
    func boto3Client() throws {
        let emulator = try SESEmulator(
            verify: [Self.sender], account: #"{"Max24HourSend": 200.0, "MaxSendRate": 1.0, "SentLast24Hours": 3.0}"#)
        let script = """
            import boto3, json, sys
            from botocore.config import Config
            client = boto3.client("sesv2", region_name="eu-west-1", endpoint_url=sys.argv[1],
                                  config=Config(retries={"max_attempts": 1}))
            raw = sys.argv[2].encode()
            print("sent", client.send_email(FromEmailAddress=sys.argv[3], Content={"Raw": {"Data": raw}})["MessageId"])
            print("quota", json.dumps(client.get_account()["SendQuota"], sort_keys=True))
            try:
                client.send_email(FromEmailAddress="stranger@example.net", Content={"Raw": {"Data": raw}})
                print("accepted")
            except client.exceptions.MessageRejected as error:
                print("rejected", error.response["Error"]["Code"])
            """
        let result = try runProgram(
            ["python3", "-c", script, emulator.endpoint, Self.rawMessage, Self.sender], environment: emulator.credentials)
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(result.errors)")
        #expect(lines.first?.hasPrefix("sent ") == true)
        #expect(lines.dropFirst().first == #"quota {"Max24HourSend": 200.0, "MaxSendRate": 1.0, "SentLast24Hours": 3.0}"#)
        #expect(lines.last == "rejected MessageRejected")
        #expect(emulator.mismatches == [])
        #expect(try emulator.messages().map { $0.raw } == [Data(Self.rawMessage.utf8)])
    }

    @Test("GetAccount without --account goes to moto, which does not implement it")
    func accountUnconfigured() throws {
        let emulator = try SESEmulator()
        #expect(try Self.curl(emulator, "GET", "/v2/email/account").status == 404)
        #expect(emulator.log() == ["request 1 GET /v2/email/account"])
    }

    @Test("throttle, 5xx and recipient faults answer like SES on their SendEmail ordinals; the others pass")
    func answeredFaults() throws {
        let emulator = try SESEmulator(verify: [Self.sender], faults: ["throttle@1-2", "error500@4", "reject-recipient@5"])
        let exchanges = try (1...6).map { _ in try Self.curl(emulator, body: Self.sendEmailBody()) }
        #expect(exchanges.map(\.status) == [429, 429, 200, 500, 400, 200])
        #expect(exchanges[0].headers.contains("x-amzn-ErrorType: TooManyRequestsException"))
        #expect(exchanges[0].headers.contains("Retry-After: 1"))
        #expect(exchanges[0].body.contains(#""message""#))
        #expect(exchanges[4].headers.contains("x-amzn-ErrorType: BadRequestException"))
        #expect(exchanges[4].body.contains("Illegal address"))
        #expect(try emulator.messages().count == 2)
        #expect(
            emulator.log().filter { $0.hasPrefix("fault ") }
                == [
                    "fault throttle 1", "fault throttle 2", "fault error500 4", "fault reject-recipient 5",
                ].map { "\($0) ann@example.com" })
    }

    @Test("drop sends nothing and answers nothing; drop-after-send sends and answers nothing")
    func droppedConnections() throws {
        let emulator = try SESEmulator(verify: [Self.sender], faults: ["drop@1", "drop-after-send@2"])
        let dropped = try Self.curl(emulator, body: Self.sendEmailBody())
        #expect(dropped.exit == 52)  // CURLE_GOT_NOTHING: "Empty reply from server"
        #expect(try emulator.messages().isEmpty)
        let lost = try Self.curl(emulator, body: Self.sendEmailBody())
        #expect(lost.exit == 52)
        #expect(emulator.waitForEvent("sent "))
        #expect(try emulator.messages().count == 1)
    }

    @Test("unverified sender: moto refuses with MessageRejected")
    func unverifiedSender() throws {
        let emulator = try SESEmulator()
        let exchange = try Self.curl(emulator, body: Self.sendEmailBody())
        #expect(exchange.status == 400)
        #expect(exchange.body.contains("MessageRejected"))
        #expect(try emulator.messages().isEmpty)
    }

    @Test("a hung request holds its connection while others are answered at once, over kept-alive connections")
    func hangAndConcurrency() throws {
        let emulator = try SESEmulator(verify: [Self.sender], faults: ["hang@1"])
        let hung = Process()
        hung.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        hung.arguments = [
            "curl", "-sS", "--aws-sigv4", "aws:amz:us-east-1:ses", "--user", "\(emulator.accessKey):\(emulator.secretKey)",
            "-H", "Content-Type: application/json", "--data-binary", Self.sendEmailBody(), "-m", "120",
            "\(emulator.endpoint)/v2/email/outbound-emails",
        ]
        hung.standardOutput = FileHandle.nullDevice
        hung.standardError = FileHandle.nullDevice
        try hung.run()
        #expect(emulator.waitForEvent("fault hang 1"))
        // Two more requests on one connection (num_connects 1, then 0 for the reused one),
        // answered while the first still waits.
        let next = ["-H", "Content-Type: application/json", "--data-binary", Self.sendEmailBody()]
        let url = "\(emulator.endpoint)/v2/email/outbound-emails"
        let signing = ["--aws-sigv4", "aws:amz:us-east-1:ses", "--user", "\(emulator.accessKey):\(emulator.secretKey)"]
        let pair = try runProgram(
            ["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code} %{num_connects}\n"] + signing + next + [
                url, "--next", "-o", "/dev/null", "-w", "%{http_code} %{num_connects}\n",
            ]
                + signing + next + [url])
        #expect(pair.output == "200 1\n200 0\n", "\(pair.errors)")
        // The hung request was never forwarded: moto holds the two others only.
        #expect(try emulator.messages().count == 2)
        #expect(emulator.log().filter { $0.hasPrefix("sent ") }.count == 2)
        #expect(hung.isRunning)
        // SIGKILL: the test runner's children may inherit SIGTERM blocked.
        kill(hung.processIdentifier, SIGKILL)
        hung.waitUntilExit()
    }
}
