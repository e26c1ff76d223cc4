import ArgumentParser
import DigestArchive
import DigestCore
import DigestMail
import Foundation

extension DigestCommand {
    struct DKIM: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dkim",
            abstract: "Make the key that DKIM-signs every message digest sends, and check its DNS record.",
            subcommands: [Keygen.self, Check.self]
        )

        struct Keygen: ParsableCommand {
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

            @Option(help: "The selector (default: dkim.selector in digest.yaml); a new one is for a key rotation.")
            var selector: String?

            func run() throws {
                let settings = try Repository.forCommand().settings
                guard let keygen = DKIMKeygen(settings: settings, selector: selector, output: output) else {
                    throw CommandFailure.usage("give --selector, or set dkim.selector in digest.yaml (see its commented example)")
                }
                do {
                    let (record, note) = try keygen.run(algorithm)
                    print(record)
                    FileHandle.standardError.write(Data("\(note)\n".utf8))
                } catch {
                    throw CommandFailure.usage(error.description)
                }
            }
        }

        struct Check: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "check",
                abstract: "Say whether the DNS record at SELECTOR._domainkey.DOMAIN publishes the key in DIGEST_DKIM_KEY.",
                discussion: """
                    The selector and domain are the ones a send signs with (the dkim section of \
                    digest.yaml). Exits 0 when the record matches the key, 1 when it is missing, \
                    revoked, malformed or for another key (with the record to publish), 2 when the \
                    question got no answer or the settings are incomplete.
                    """
            )

            @Option(
                help: ArgumentHelp(
                    "Ask this DNS server (IP, IP:PORT or [IPv6]:PORT) instead of the system's, e.g. the domain's own before the record has spread.",
                    valueName: "ip[:port]"))
            var nameserver: String?

            @Option(help: "Give up after at most this many seconds without an answer.")
            var timeout: Int = 6

            func validate() throws {
                if let nameserver, DNSTextLookup.Nameserver(nameserver) == nil {
                    throw ValidationError(
                        "--nameserver \(nameserver) is not an IP address with an optional :PORT (such as 192.0.2.53 or [2001:db8::53]:5353)"
                    )
                }
                guard timeout >= 1 else { throw ValidationError("--timeout must be 1 second or more") }
            }

            func run() throws {
                let settings = try Repository.forCommand().settings
                let signer: DKIMSigner
                do {
                    let configured = try DKIMKeyFile.signer(settings: settings, environment: ProcessInfo.processInfo.environment) {
                        FileHandle.standardError.write(Data("digest: warning: \($0)\n".utf8))
                    }
                    guard let configured else {
                        throw CommandFailure.usage(
                            "nothing to check: add a dkim section to digest.yaml and set \(DKIMKeyFile.environmentVariable) to the private key (`digest dkim keygen` makes both)"
                        )
                    }
                    signer = configured
                } catch let error as DKIMError {
                    throw CommandFailure.usage(error.description)
                }
                let tries = timeout >= 2 ? 2 : 1
                let lookup = DNSTextLookup(
                    nameserver: nameserver.flatMap(DNSTextLookup.Nameserver.init), secondsPerTry: timeout / tries, tries: tries)
                let check: DKIMRecordCheck
                do throws(DNSTextLookup.Failure) {
                    check = try DKIMRecordCheck(signer: signer, lookup: lookup)
                } catch {
                    let server = lookup.nameserver.map { "\($0)" } ?? "the system's DNS servers (/etc/resolv.conf)"
                    throw CommandFailure.usage(
                        "cannot check \(signer.selector)._domainkey.\(signer.domain): \(error.explanation(asking: server))")
                }
                print(check.report)
                if !check.matches { throw CommandFailure.findings }
            }
        }
    }
}

extension DKIMKeyFile.Algorithm: ExpressibleByArgument {}
