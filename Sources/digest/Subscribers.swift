import ArgumentParser
import DigestArchive
import DigestCore
import DigestMail
import Foundation

extension DigestCommand {
    struct Subscribers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "subscribers",
            abstract: "Manage the subscriber list in Subscribers/subscribers.csv.",
            discussion: """
                Every address is checked, any field with a line break or NUL is refused, duplicates are \
                found with the domain in any case, and every change is written to a temporary file \
                renamed into place, so no crash leaves half a list.
                """,
            subcommands: [Add.self, Remove.self, Import.self, List.self, Check.self]
        )

        /// The list file and the list in it; problems in it are printed and stop a change.
        static func load(_ repository: Repository, forChange: Bool) throws -> (URL, SubscriberList) {
            let url = repository.root.appendingPathComponent("Subscribers/subscribers.csv")
            guard let data = FileManager.default.contents(atPath: url.path) else { return (url, SubscriberList()) }
            let (list, problems) = SubscriberList.parse(String(decoding: data, as: UTF8.self), path: displayPath(of: url))
            if forChange, !problems.isEmpty {
                throw CommandFailure(
                    message: problems.map(\.description).joined(separator: "\n")
                        + "\nmend the list before changing it (`digest subscribers check`)",
                    code: 1, isDiagnostic: true)
            }
            return (url, list)
        }

        static func save(_ list: SubscriberList, to url: URL) throws {
            do {
                try list.write(to: url)
            } catch {
                throw CommandFailure.usage("\(displayPath(of: url)): cannot write the list (\(error.localizedDescription))")
            }
        }

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "add", abstract: "Subscribe an address.")
            @Argument(help: "The reader's email address.") var address: String
            @Option(help: "The reader's name.") var name = ""

            func run() async throws {
                let repository = try Repository.forCommand()
                var (url, list) = try Subscribers.load(repository, forChange: true)
                do {
                    print(try list.add(address, name: name, on: .today))
                } catch {
                    throw CommandFailure.usage(error.description)
                }
                try Subscribers.save(list, to: url)
            }
        }

        struct Remove: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "remove", abstract: "Unsubscribe an address (its row stays, marked unsubscribed).")
            @Argument(help: "The reader's email address.") var address: String

            func run() async throws {
                let repository = try Repository.forCommand()
                var (url, list) = try Subscribers.load(repository, forChange: true)
                do {
                    print(try list.remove(address, on: .today))
                } catch {
                    throw CommandFailure.usage(error.description)
                }
                try Subscribers.save(list, to: url)
            }
        }

        struct Import: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "import",
                abstract: "Add the rows of a CSV file (address,name,…); bad rows are reported with their line and skipped.")
            @Argument(help: "The CSV file to import.") var file: String

            func run() async throws {
                let repository = try Repository.forCommand()
                var (url, list) = try Subscribers.load(repository, forChange: true)
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw CommandFailure.usage("\(file): cannot read the file")
                }
                let (incoming, problems) = SubscriberList.parse(String(decoding: data, as: UTF8.self), path: file)
                for problem in problems {
                    FileHandle.standardError.write(Data("\(problem.description)\n".utf8))
                }
                var added = 0
                let known = Set(list.subscribers.map(\.key))
                for var subscriber in incoming.subscribers where !known.contains(subscriber.key) {
                    subscriber.subscribed = subscriber.subscribed ?? .today
                    subscriber.changed = subscriber.changed ?? .today
                    list.subscribers.append(subscriber)
                    added += 1
                }
                try Subscribers.save(list, to: url)
                print(
                    "imported \(added) of \(incoming.subscribers.count + problems.count) rows; \(problems.count) bad, \(incoming.subscribers.count - added) already on the list"
                )
                if !problems.isEmpty { throw CommandFailure.findings }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: "Print the subscribers, one per line.")
            @Option(help: "Only this status: subscribed, unsubscribed or bounced.") var status: String?

            func run() async throws {
                let repository = try Repository.forCommand()
                let (_, list) = try Subscribers.load(repository, forChange: false)
                for subscriber in list.subscribers where status == nil || subscriber.status.rawValue == status {
                    print([subscriber.address, subscriber.status.rawValue, subscriber.name].filter { !$0.isEmpty }.joined(separator: "\t"))
                }
            }
        }

        struct Check: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "check", abstract: "Check every row; exit 1 if any is bad.")

            func run() async throws {
                let repository = try Repository.forCommand()
                let url = repository.root.appendingPathComponent("Subscribers/subscribers.csv")
                guard let data = FileManager.default.contents(atPath: url.path) else {
                    print("no subscriber list yet (\(displayPath(of: url)))")
                    return
                }
                let (list, problems) = SubscriberList.parse(String(decoding: data, as: UTF8.self), path: displayPath(of: url))
                for problem in problems { print(problem.description) }
                FileHandle.standardError.write(
                    Data("\(list.active.count) subscribed of \(list.subscribers.count) rows; \(problems.count) bad\n".utf8))
                if !problems.isEmpty { throw CommandFailure.findings }
            }
        }
    }
}
