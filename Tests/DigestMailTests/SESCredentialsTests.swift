import DigestMail
import Foundation
import Testing

/// AWS credentials as AWS's own tools find them: the environment first, then the shared
/// credentials file's profile; every mistake named with what to set, no value ever repeated.
@Suite("SESCredentials")
struct SESCredentialsTests {
    /// A credentials file in a new folder; its path.
    func file(_ text: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-aws-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("credentials")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func failure(_ environment: [String: String]) -> String {
        do {
            _ = try SESCredentials(environment: environment)
            return "none"
        } catch {
            return error.message
        }
    }

    let sample = """
        # written by aws configure
        [default]
        aws_access_key_id = AKIDDEFAULT
        aws_secret_access_key = secretDEFAULT/+x

        [newsletter]
        aws_access_key_id=AKIDNEWS
        aws_secret_access_key=secretNEWS
        aws_session_token = tokenNEWS==
        ; a comment
        """

    @Test("the environment's keys and session token win over any file")
    func environment() throws {
        let path = try file(sample)
        let credentials = try SESCredentials(environment: [
            "AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "secretENV", "AWS_SESSION_TOKEN": "tokenENV",
            "AWS_SHARED_CREDENTIALS_FILE": path,
        ])
        #expect(credentials == SESCredentials(accessKey: "AKIDENV", secretKey: "secretENV", sessionToken: "tokenENV"))
        #expect("\(credentials)" == "SESCredentials(hidden)")
    }

    @Test("the shared file's [default], or the section AWS_PROFILE names, with its session token")
    func sharedFile() throws {
        let path = try file(sample)
        let plain = try SESCredentials(environment: ["AWS_SHARED_CREDENTIALS_FILE": path])
        #expect(plain == SESCredentials(accessKey: "AKIDDEFAULT", secretKey: "secretDEFAULT/+x"))
        let profile = try SESCredentials(environment: ["AWS_SHARED_CREDENTIALS_FILE": path, "AWS_PROFILE": "newsletter"])
        #expect(profile == SESCredentials(accessKey: "AKIDNEWS", secretKey: "secretNEWS", sessionToken: "tokenNEWS=="))
        // ~/.aws/credentials when no file is named.
        let home = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: home.appendingPathComponent(".aws"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: path, toPath: home.appendingPathComponent(".aws/credentials").path)
        #expect(try SESCredentials(environment: ["HOME": home.path]).accessKey == "AKIDDEFAULT")
    }

    @Test("missing credentials, half a pair, a missing section or key are named with what to set, never a value")
    func mistakes() throws {
        #expect(
            failure(["HOME": "/nonexistent"]).contains(
                "no AWS credentials for Amazon SES (/nonexistent/.aws/credentials does not exist): set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
            ))
        #expect(
            failure(["AWS_ACCESS_KEY_ID": "AKIDHALF"])
                == "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not; set both for Amazon SES")
        #expect(failure(["AWS_SECRET_ACCESS_KEY": "secretHALF"]).hasPrefix("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not"))
        let path = try file(sample)
        #expect(
            failure(["AWS_SHARED_CREDENTIALS_FILE": path, "AWS_PROFILE": "staging"])
                == "\(path) has no [staging] section; add one with aws_access_key_id and aws_secret_access_key, or set AWS_PROFILE to the section to use"
        )
        let keyless = try file("[default]\naws_access_key_id = AKIDONLY\n")
        #expect(failure(["AWS_SHARED_CREDENTIALS_FILE": keyless]).hasPrefix("\(keyless): [default] has no aws_secret_access_key"))
        let broken = try file("[default\naws_access_key_id = A\n")
        #expect(failure(["AWS_SHARED_CREDENTIALS_FILE": broken]).hasPrefix("\(broken):1: a section name opens with ["))
        let spaced = try file("[default]\naws_access_key_id = AKID\naws_secret_access_key = two words\n")
        let spacedFailure = failure(["AWS_SHARED_CREDENTIALS_FILE": spaced])
        #expect(spacedFailure.hasPrefix("\(spaced):3: aws_secret_access_key holds a space"), "\(spacedFailure)")
        #expect(!spacedFailure.contains("two words"))
        let injected = failure(["AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "s", "AWS_SESSION_TOKEN": "tok\r\nX-Evil: 1"])
        #expect(injected.hasPrefix("AWS_SESSION_TOKEN in the environment holds a space, line break"), "\(injected)")
        #expect(!injected.contains("Evil"))
    }
}
