import ArgumentParser
import DigestArchive
import DigestCore
import DigestMail
import Foundation

extension DigestCommand {
    struct DKIM: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dkim",
            abstract: "Make the key that DKIM-signs every message digest sends.",
            subcommands: [Keygen.self]
        )

        struct Keygen: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "keygen",
                abstract: "Write a new DKIM private key (mode 600) and print the DNS record to publish.",
                discussion: """
                    The selector and domain come from the dkim section of digest.yaml (the domain \
                    defaults to the sender address's). The key never overwrites a file; keep it out \
                    of the repository and point DIGEST_DKIM_KEY at it.
                    """
            )

            @Option(help: "rsa (2048 bits, accepted everywhere) or ed25519 (RFC 8463, short, not yet verified by every provider).")
            var algorithm: DKIMKeyFile.Algorithm = .rsa

            @Option(help: "The key file to write (default: SELECTOR.DOMAIN.dkim.pem here, which .gitignore keeps out of commits).")
            var output: String?

            @Option(help: "The selector, when the settings have none.")
            var selector: String?

            func run() async throws {
                let settings = try Repository.forCommand().settings
                guard let selector = selector ?? settings.dkim?.selector else {
                    throw CommandFailure.usage("give --selector, or set dkim.selector in digest.yaml (see its commented example)")
                }
                let domain = settings.dkim?.domain ?? String(settings.sender.address.split(separator: "@").last ?? "")
                let path = output ?? "\(selector).\(domain).dkim.pem"
                do {
                    let key = try DKIMKeyFile.generate(algorithm)
                    try DKIMKeyFile.write(DKIMKeyFile.pem(of: key), to: path)
                    print(DKIMKeyFile.dnsRecord(for: key, selector: selector, domain: domain))
                    FileHandle.standardError.write(
                        Data(
                            "wrote the private key to \(path) (mode 600); publish the record above, then send with \(DKIMKeyFile.environmentVariable)=\(path)\(settings.dkim == nil ? " and a dkim section in digest.yaml (selector: \(selector))" : "")\n"
                                .utf8))
                } catch {
                    throw CommandFailure.usage(error.description)
                }
            }
        }
    }
}

extension DKIMKeyFile.Algorithm: ExpressibleByArgument {}
