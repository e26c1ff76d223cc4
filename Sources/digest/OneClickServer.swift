import ArgumentParser
import DigestArchive
import DigestCore
import DigestMail
import DigestUnsubscribe
import Foundation

extension DigestCommand {
    struct OneClickServer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "unsubscribe-server",
            abstract: "Serve one-click unsubscribe links (RFC 8058) behind your HTTPS proxy.",
            discussion: """
                Point the proxy serving list.unsubscribe-url at this server. A POST with List-Unsubscribe=One-Click \
                and a valid token (DIGEST_UNSUBSCRIBE_SECRET) is appended to .digest/unsubscribe/requests.log and \
                flushed to disk, then applied to Subscribers/ under the list's lock, then answered 200; a GET shows \
                a page with a button and changes nothing. Requests a crash left unapplied are applied at the next \
                start. It speaks plain HTTP, so it listens on loopback unless --allow-remote says otherwise.
                """)

        @Option(help: ArgumentHelp("Where to listen; port 0 takes any free port.", valueName: "HOST:PORT"))
        var listen = "127.0.0.1:8058"

        @Flag(help: "Listen on an address other than loopback (plain HTTP: only on a network you trust, behind TLS).")
        var allowRemote = false

        func validate() throws {
            guard let address = ListenAddress(listen) else {
                throw ValidationError("--listen \(listen) must be HOST:PORT, for example 127.0.0.1:8058 or [::1]:8058")
            }
            if !address.isLoopback && !allowRemote {
                throw ValidationError(
                    "--listen \(listen) is not a loopback address: the server speaks plain HTTP and links carry tokens; put it behind an HTTPS proxy on this machine, or add --allow-remote if the network to the proxy is trusted"
                )
            }
        }

        func run() async throws {
            let address = ListenAddress(listen)!
            let repository = try Repository.forCommand()
            let settings = repository.settings
            let setup: OneClickSetup
            do {
                setup = try OneClickSetup(
                    root: repository.root, settings: settings, environment: ProcessInfo.processInfo.environment, today: { .today },
                    displayPath: { displayPath(of: $0) }, note: Subscribers.note)
            } catch {
                throw CommandFailure.usage(error.description)
            }
            let desk = setup.desk
            do {
                for change in try desk.applyPending() { print(change) }
            } catch {
                // The requests stay in the log: they are applied once the list can be written.
                Subscribers.note("note: pending one-click requests are kept for later: \(error)")
            }
            let server = UnsubscribeServer(desk: desk, key: setup.key, listID: settings.list.id, title: settings.publication.name)
            do {
                try await server.run(host: address.host, port: address.port) { port in
                    let shown = address.host.contains(":") ? "[\(address.host)]" : address.host
                    FileHandle.standardOutput.write(Data("listening on \(shown):\(port)\n".utf8))
                }
            } catch {
                throw CommandFailure.usage("cannot listen on \(listen): \(error)")
            }
        }
    }
}
