import Foundation

/// An AWS key pair, and a session token with temporary ones, found the way AWS's own tools
/// find them: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`, else the
/// shared credentials file (`AWS_SHARED_CREDENTIALS_FILE`, or `~/.aws/credentials`) under the
/// section `AWS_PROFILE` names (`default`). Never printed: its description hides all three,
/// and no message about them repeats a value.
public struct SESCredentials: Sendable, Equatable, CustomStringConvertible {
    public var accessKey: String
    public var secretKey: String
    public var sessionToken: String?

    public init(accessKey: String, secretKey: String, sessionToken: String? = nil) {
        self.accessKey = accessKey
        self.secretKey = secretKey
        self.sessionToken = sessionToken
    }

    public var description: String { "SESCredentials(hidden)" }

    /// What to set, for every message that finds credentials missing.
    static let howToSet =
        "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary keys), or write them in ~/.aws/credentials (AWS_SHARED_CREDENTIALS_FILE names another file) under [default] (AWS_PROFILE names another section)"

    /// The credentials `environment` leads to.
    /// - Throws: ``DeliveryFailure`` naming what to set, or the file and line to mend.
    public init(environment: [String: String]) throws(DeliveryFailure) {
        func set(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let key = set("AWS_ACCESS_KEY_ID")
        let secret = set("AWS_SECRET_ACCESS_KEY")
        if key != nil || secret != nil {
            guard let key, let secret else {
                let (given, missing) =
                    key == nil ? ("AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID") : ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")
                throw DeliveryFailure("\(given) is set but \(missing) is not; set both for Amazon SES")
            }
            self.init(accessKey: key, secretKey: secret, sessionToken: set("AWS_SESSION_TOKEN"))
            try check(
                names: ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"], where: { "\($0) in the environment" })
            return
        }
        let profile = set("AWS_PROFILE") ?? "default"
        let path: String
        if let named = set("AWS_SHARED_CREDENTIALS_FILE") {
            path = named
        } else if let home = set("HOME") {
            path = home + "/.aws/credentials"
        } else {
            throw DeliveryFailure("no AWS credentials for Amazon SES: \(Self.howToSet)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            if FileManager.default.fileExists(atPath: path) {
                throw DeliveryFailure("\(path): cannot read the AWS credentials file; check its permissions")
            }
            throw DeliveryFailure("no AWS credentials for Amazon SES (\(path) does not exist): \(Self.howToSet)")
        }
        self = try Self.read(String(decoding: data, as: UTF8.self), profile: profile, path: path)
    }

    /// The credentials in section `profile` of a shared credentials file's `text`.
    static func read(_ text: String, profile: String, path: String) throws(DeliveryFailure) -> SESCredentials {
        var values: [String: (value: String, line: Int)] = [:]
        var inProfile = false
        var found = false
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]") else {
                    throw DeliveryFailure("\(path):\(index + 1): a section name opens with [ but does not close with ]")
                }
                inProfile = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces) == profile
                found = found || inProfile
                continue
            }
            guard inProfile else { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw DeliveryFailure("\(path):\(index + 1): expected NAME = VALUE in [\(profile)]")
            }
            let name = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            values[name] = (line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces), index + 1)
        }
        guard found else {
            throw DeliveryFailure(
                "\(path) has no [\(profile)] section; add one with aws_access_key_id and aws_secret_access_key, or set AWS_PROFILE to the section to use"
            )
        }
        let names = ["aws_access_key_id", "aws_secret_access_key"]
        for name in names where (values[name]?.value ?? "").isEmpty {
            throw DeliveryFailure("\(path): [\(profile)] has no \(name); add it, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
        }
        let token = values["aws_session_token"].flatMap { $0.value.isEmpty ? nil : $0.value }
        let credentials = SESCredentials(
            accessKey: values["aws_access_key_id"]!.value, secretKey: values["aws_secret_access_key"]!.value, sessionToken: token)
        try credentials.check(names: names + ["aws_session_token"]) { "\(path):\(values[$0]?.line ?? 0): \($0)" }
        return credentials
    }

    /// Refuses a value that could break the request's headers (a line break, a space, a
    /// non-ASCII character), naming where it came from but never the value.
    func check(names: [String], where place: (String) -> String) throws(DeliveryFailure) {
        for (name, value) in zip(names, [accessKey, secretKey, sessionToken ?? ""]) {
            if !value.unicodeScalars.allSatisfy({ (0x21..<0x7F).contains($0.value) }) {
                throw DeliveryFailure("\(place(name)) holds a space, line break or non-ASCII character; copy the value again from AWS")
            }
        }
    }
}
