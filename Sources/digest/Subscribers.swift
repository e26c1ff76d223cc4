import ArgumentParser
import DigestArchive
import DigestCore
import DigestMail
import Foundation

extension DigestCommand {
    struct Subscribers: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "subscribers",
            abstract: "Manage the subscriber list in Subscribers/subscribers.csv.",
            discussion: """
                Every address is checked, any field with a line break or NUL is refused, an address is one \
                mailbox whatever its letter case, and every change is made under the list's lock \
                (Subscribers/.lock) and written whole, flushed to disk, before it is reported.
                """,
            subcommands: [Add.self, Remove.self, Import.self, Export.self, List.self, Check.self]
        )

        /// The list file, and how messages name it.
        static func location(_ repository: Repository) -> (url: URL, path: String) {
            let url = repository.root.appendingPathComponent("Subscribers/subscribers.csv")
            return (url, displayPath(of: url))
        }

        /// Runs `change` on the list under its lock and writes it; errors become exit codes.
        static func modify<Result>(_ change: (inout SubscriberList) throws -> Result) throws -> Result {
            let (url, path) = location(try Repository.forCommand())
            do {
                return try SubscriberList.modify(
                    at: url, path: path, whileWaiting: { note("waiting for another change to the list to finish") }
                ) {
                    try change(&$0)
                }
            } catch SubscriberError.damaged(let problems) {
                throw CommandFailure(message: SubscriberError.damaged(problems).description, code: 1, isDiagnostic: true)
            } catch let error as SubscriberError {
                throw CommandFailure.usage(error.description)
            }
        }

        /// The list, read without a lock (every write replaces it whole); bad rows come back as problems.
        static func read() throws -> (list: SubscriberList, problems: [SubscriberList.RowProblem], path: String, exists: Bool) {
            let (url, path) = location(try Repository.forCommand())
            do {
                let (list, problems) = try SubscriberList.read(at: url, path: path)
                return (list, problems, path, FileManager.default.fileExists(atPath: url.path))
            } catch {
                throw CommandFailure.usage(error.description)
            }
        }

        static func note(_ text: String) {
            FileHandle.standardError.write(Data("\(text)\n".utf8))
        }

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "add", abstract: "Subscribe an address.")
            @Argument(help: "The reader's email address.") var address: String
            @Option(help: "The reader's name.") var name = ""

            func run() throws {
                let message = try Subscribers.modify { try $0.add(address, name: name, on: .today) }
                print(message)
            }
        }

        struct Remove: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "remove", abstract: "Unsubscribe an address (its row stays, marked unsubscribed).")
            @Argument(help: "The reader's email address, in any letter case.") var address: String

            func run() throws {
                let message = try Subscribers.modify { try $0.remove(address, on: .today) }
                print(message)
            }
        }

        struct Import: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "import",
                abstract: "Add the rows of a CSV file: digest's own, or an export of listmonk, Mailchimp, Substack, Ghost or Buttondown.",
                discussion: """
                    Bad rows, and rows whose status cannot be read, are reported with their line and left out. \
                    A reader the file marks unsubscribed or bounced is no longer mailed; nobody who left, \
                    bounced or complained is subscribed again, unless --resubscribe says so (and a reader who \
                    complained never is).
                    """)
            @Argument(help: "The CSV file to import.") var file: String
            @Flag(help: "Subscribe again readers who left or bounced here when the file says they are subscribed.")
            var resubscribe = false

            func run() throws {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw CommandFailure.usage("\(file): cannot read the file")
                }
                let imported = SubscriberImport(bytes: [UInt8](data), path: file)
                for note in imported.notes { Subscribers.note(note) }
                let summary = try Subscribers.modify {
                    $0.merge(imported.incoming, on: .today, path: imported.path, resubscribe: resubscribe)
                }
                let (notes, count) = imported.outcome(summary, resubscribe: resubscribe)
                for note in notes { Subscribers.note(note) }
                print(count)
                if !imported.problems.isEmpty { throw CommandFailure.findings }
            }
        }

        struct Export: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "export",
                abstract: "Print the list as a CSV another tool imports.",
                discussion: """
                    digest (the default): the five columns, every row. listmonk: email,name,attributes \
                    (listmonk; Ghost, Buttondown and Substack read it too). mailchimp: Email Address,First \
                    Name,Last Name. The last two carry no status, so they hold the subscribed readers only.
                    """)
            @Option(help: "digest, listmonk or mailchimp.") var format: String = ExportFormat.digest.rawValue
            @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file (readable by you alone if new).", valueName: "FILE"))
            var output: String?

            func validate() throws {
                guard ExportFormat(rawValue: format) != nil else {
                    throw ValidationError(
                        "--format must be \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")), not \(format)")
                }
            }

            func run() throws {
                let exportFormat = ExportFormat(rawValue: format) ?? .digest
                let (list, problems, _, _) = try Subscribers.read()
                guard problems.isEmpty else {
                    throw CommandFailure(message: SubscriberError.damaged(problems).description, code: 1, isDiagnostic: true)
                }
                let text = exportFormat.csv(of: list)
                if let output {
                    do { try AtomicFile.write(text, to: URL(fileURLWithPath: output), newFile: .private) } catch {
                        throw CommandFailure.usage(error.description)
                    }
                } else {
                    print(text, terminator: "")
                }
                if !exportFormat.carriesStatus, list.active.count < list.subscribers.count {
                    Subscribers.note(
                        "wrote \(list.active.count) subscribed readers; \(list.subscribers.count - list.active.count) unsubscribed or bounced left out"
                    )
                }
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "list",
                abstract: "Print the subscribers, one per line: address, status, the day it changed and why, name.")
            @Option(help: "Only this status: subscribed, unsubscribed, bounced or complained.") var status: String?

            func validate() throws {
                if let status, SubscriberStatus(rawValue: status) == nil {
                    throw ValidationError(
                        "--status must be \(SubscriberStatus.allCases.map(\.rawValue).joined(separator: ", ")), not \(status)")
                }
            }

            func run() throws {
                let (list, problems, _, _) = try Subscribers.read()
                for problem in problems { Subscribers.note(problem.description) }
                for subscriber in list.subscribers where status == nil || subscriber.status.rawValue == status {
                    print(subscriber.listLine)
                }
                if !problems.isEmpty { throw CommandFailure.findings }
            }
        }

        struct Check: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "check", abstract: "Check every row; exit 1 if any is bad.")

            func run() throws {
                let (list, problems, path, exists) = try Subscribers.read()
                guard exists else {
                    print("no subscriber list yet (\(path))")
                    return
                }
                for problem in problems { print(problem.description) }
                Subscribers.note("\(list.active.count) subscribed of \(list.subscribers.count) rows; \(problems.count) bad")
                if !problems.isEmpty { throw CommandFailure.findings }
            }
        }
    }
}
