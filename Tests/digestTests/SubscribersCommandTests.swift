import DigestTestSupport
import Foundation
import Testing

/// The list as `digest subscribers list` prints it: address → status.
private func statuses(in checkout: Checkout) throws -> [String: String] {
    let listed = try digest(["subscribers", "list"], in: checkout.root)
    #expect(listed.status == 0, "\(listed.errors)")
    var statuses: [String: String] = [:]
    for line in listed.output.split(separator: "\n") {
        let fields = line.split(separator: "\t")
        statuses[String(fields[0])] = String(fields[1])
    }
    return statuses
}

/// The permission bits of a file.
private func mode(of url: URL) throws -> Int {
    try (FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int) ?? -1
}

/// Runs `digest` with the umask set to `umask` first (the test process's own umask is
/// shared with every test running beside it, so it is never changed).
private func digest(_ arguments: [String], in folder: URL, umask: String) throws -> CommandResult {
    try run(["/bin/sh", "-c", "umask \(umask); exec \"$0\" \"$@\"", digestExecutable] + arguments, in: folder)
}

@Suite("digest subscribers")
struct SubscribersCommandTests {
    @Test("24 adds, removes and imports run at once as separate processes: every one reports success and every change is kept")
    func parallelChanges() throws {
        let checkout = try Checkout()
        var seed = "address,name,status,subscribed,changed\n"
        for index in 0..<8 { seed += "rm-\(index)@example.org,,subscribed,2024-01-01,2024-01-01\n" }
        for index in 0..<8 { seed += "imprm-\(index)@example.org,,subscribed,2024-01-01,2024-01-01\n" }
        try checkout.write(seed, to: "Subscribers/subscribers.csv")
        var commands: [[String]] = []
        for index in 0..<8 {
            commands.append(["subscribers", "add", "add-\(index)@example.org", "--name", "Added \(index)"])
            commands.append(["subscribers", "remove", "RM-\(index)@example.org"])
            try checkout.write(
                "email,name,status\nimp-\(index)-a@example.org,A,subscribed\nimp-\(index)-b@example.org,B,enabled\nimprm-\(index)@example.org,,unsubscribed\n",
                to: "import-\(index).csv")
            commands.append(["subscribers", "import", "import-\(index).csv"])
        }
        // All started before any is waited for, so their reads and writes overlap.
        var running: [(Process, Pipe, Pipe)] = []
        for arguments in commands {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: digestExecutable)
            process.arguments = arguments
            process.currentDirectoryURL = checkout.root
            let (output, errors) = (Pipe(), Pipe())
            process.standardOutput = output
            process.standardError = errors
            try process.run()
            running.append((process, output, errors))
        }
        for ((process, output, errors), arguments) in zip(running, commands) {
            let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let complaint = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(arguments): \(printed)\(complaint)")
        }
        let list = try statuses(in: checkout)
        for index in 0..<8 {
            #expect(list["add-\(index)@example.org"] == "subscribed", "add \(index) lost")
            #expect(list["rm-\(index)@example.org"] == "unsubscribed", "remove \(index) lost")
            #expect(list["imp-\(index)-a@example.org"] == "subscribed", "import \(index) lost")
            #expect(list["imp-\(index)-b@example.org"] == "subscribed", "import \(index) lost")
            #expect(list["imprm-\(index)@example.org"] == "unsubscribed", "import \(index)'s unsubscribe lost")
        }
        #expect(list.count == 40)
        #expect(try digest(["subscribers", "check"], in: checkout.root).status == 0)
    }

    @Test("an address in other letter case is the same mailbox: not added twice, found by remove, its first spelling kept")
    func letterCase() throws {
        let checkout = try Checkout()
        #expect(
            try digest(["subscribers", "add", "alice@example.org", "--name", "Alice"], in: checkout.root).output
                == "subscribed alice@example.org\n")
        let again = try digest(["subscribers", "add", "ALICE@example.org"], in: checkout.root)
        #expect(again.status == 0)
        #expect(again.output == "ALICE@example.org is already subscribed as alice@example.org (line 2)\n")
        #expect(try digest(["subscribers", "add", "bob@example.com"], in: checkout.root).status == 0)
        let removed = try digest(["subscribers", "remove", "Bob@Example.com"], in: checkout.root)
        #expect(removed.status == 0, "\(removed.errors)")
        #expect(removed.output == "unsubscribed bob@example.com (line 3)\n")
        #expect(try statuses(in: checkout) == ["alice@example.org": "subscribed", "bob@example.com": "unsubscribed"])
        // A list written by hand with one mailbox twice is reported with both lines, and mended first.
        try checkout.write(
            "address,name,status\ncarol@example.org,,unsubscribed\nCarol@Example.org,,subscribed\n", to: "Subscribers/subscribers.csv")
        let check = try digest(["subscribers", "check"], in: checkout.root)
        #expect(check.status == 1)
        #expect(check.output.contains("subscribers.csv:3: error: Carol@Example.org is already on line 2"))
        #expect(try digest(["subscribers", "add", "dan@example.org"], in: checkout.root).status == 1)
    }

    @Test("add, remove and import keep a 600 list 600 and a 640 list 640; a new list is 600 whatever the umask")
    func permissions() throws {
        let checkout = try Checkout()
        let list = checkout.url("Subscribers/subscribers.csv")
        let created = try digest(["subscribers", "add", "first@example.org"], in: checkout.root, umask: "000")
        #expect(created.status == 0, "\(created.errors)")
        #expect(try mode(of: list) == 0o600)
        try checkout.write("address,name\nimported@example.org,Imported\n", to: "more.csv")
        for permissions in [0o600, 0o640] {
            try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: list.path)
            for arguments in [["add", "x@example.org"], ["remove", "x@example.org"], ["import", "more.csv"]] {
                let result = try digest(["subscribers"] + arguments, in: checkout.root, umask: "000")
                #expect(result.status == 0, "\(arguments): \(result.errors)")
                #expect(try mode(of: list) == permissions, "\(arguments) changed \(String(permissions, radix: 8))")
            }
        }
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: checkout.url("Subscribers").path).sorted() == [".lock", "subscribers.csv"])
    }

    @Test("lint --fix and format write a symlinked draft's target, keep the link and the target's mode")
    func symlinkedDraft() throws {
        let checkout = try Checkout()
        let canonical = try String(contentsOf: checkout.url("seeds/archive/2022-03-10-vol-1.5.issue"), encoding: .utf8)
        #expect(canonical.contains(" the "))
        try checkout.write(canonical.replacingOccurrences(of: " the ", with: " the  "), to: "Elsewhere/spaced.issue")
        try checkout.write(canonical.replacingOccurrences(of: "\n", with: "\r\n"), to: "Elsewhere/crlf.issue")
        for name in ["spaced", "crlf"] {
            try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: checkout.url("Elsewhere/\(name).issue").path)
            try FileManager.default.createSymbolicLink(
                atPath: checkout.url("Drafts/\(name).issue").path, withDestinationPath: "../Elsewhere/\(name).issue")
        }
        let fix = try digest(["lint", "--fix", "Drafts/spaced.issue"], in: checkout.root, umask: "000")
        #expect((fix.output + fix.errors).contains("fixed 1 file"), "\(fix.output)\(fix.errors)")
        let format = try digest(["format", "Drafts/crlf.issue"], in: checkout.root, umask: "000")
        #expect(format.status == 0, "\(format.errors)")
        for name in ["spaced", "crlf"] {
            let link = checkout.url("Drafts/\(name).issue").path
            #expect(
                try FileManager.default.destinationOfSymbolicLink(atPath: link) == "../Elsewhere/\(name).issue", "\(name) lost its link")
            #expect(try mode(of: checkout.url("Elsewhere/\(name).issue")) == 0o640)
        }
        #expect(try !String(contentsOf: checkout.url("Elsewhere/spaced.issue"), encoding: .utf8).contains(" the  "))
        #expect(try String(contentsOf: checkout.url("Elsewhere/crlf.issue"), encoding: .utf8) == canonical)
    }

    @Test("a row with more fields than its header is an error with its line, never imported as subscribed")
    func extraFields() throws {
        let checkout = try Checkout()
        try checkout.write(
            "address,name\nann@example.org,Ann\nben@example.org,Ben, Jr,unsubscribed\ncid@example.org,Cid,\n", to: "extra.csv")
        let result = try digest(["subscribers", "import", "extra.csv"], in: checkout.root)
        #expect(result.status == 1)
        #expect(result.errors.contains("extra.csv:3: error: the row has 4 fields but the header names 2"))
        #expect(try statuses(in: checkout) == ["ann@example.org": "subscribed", "cid@example.org": "subscribed"])
    }

    @Test("a listmonk export is imported, its blocklisted reader unsubscribed, its unknown status refused, ignored columns named")
    func listmonkImport() throws {
        let checkout = try Checkout()
        try checkout.write(
            """
            uuid,email,name,attributes,status,created_at,updated_at
            5e1a,ann@example.org,Ann,"{""city"": ""Tokyo""}",enabled,2024-01-15 10:00:00.000000+00:00,2024-02-01 10:00:00.000000+00:00
            5e1b,ben@example.org,Ben,{},blocklisted,2024-01-16 10:00:00.000000+00:00,2024-02-01 10:00:00.000000+00:00
            5e1c,cid@example.org,Cid,{},paused-ish,2024-01-17 10:00:00.000000+00:00,2024-02-01 10:00:00.000000+00:00

            """, to: "listmonk.csv")
        let result = try digest(["subscribers", "import", "listmonk.csv"], in: checkout.root)
        #expect(result.status == 1)
        #expect(result.errors.contains("read as a listmonk export: email → address, name → name, status → status"))
        #expect(result.errors.contains("columns ignored: uuid, attributes"))
        #expect(result.errors.contains("listmonk.csv:4: error: status \"paused-ish\" is not a status digest knows"))
        #expect(result.output == "imported 2 of 3 rows; 1 bad, 0 already on the list\n")
        #expect(try statuses(in: checkout) == ["ann@example.org": "subscribed", "ben@example.org": "unsubscribed"])
        let list = try String(contentsOf: checkout.url("Subscribers/subscribers.csv"), encoding: .utf8)
        #expect(list.contains("ann@example.org,Ann,subscribed,2024-01-15,2024-02-01\n"))
    }

    @Test("export writes digest's own CSV, or listmonk's and Mailchimp's columns with the subscribed readers only, and each reads back")
    func export() throws {
        let checkout = try Checkout()
        try checkout.write(
            "address,name,status,subscribed,changed\nann@example.org,Ann Lee,subscribed,2024-01-01,2024-01-01\nben@example.org,\"Ben, Jr\",unsubscribed,2024-01-01,2024-02-01\ncid@example.org,,bounced,,\n",
            to: "Subscribers/subscribers.csv")
        let own = try digest(["subscribers", "export"], in: checkout.root)
        #expect(own.output == (try String(contentsOf: checkout.url("Subscribers/subscribers.csv"), encoding: .utf8)))
        let listmonk = try digest(["subscribers", "export", "--format", "listmonk"], in: checkout.root)
        #expect(listmonk.output == "email,name,attributes\nann@example.org,Ann Lee,{}\n")
        #expect(listmonk.errors == "wrote 1 subscribed readers; 2 unsubscribed or bounced left out\n")
        let mailchimp = try digest(["subscribers", "export", "--format", "mailchimp", "--output", "mc.csv"], in: checkout.root)
        #expect(mailchimp.status == 0)
        #expect(
            try String(contentsOf: checkout.url("mc.csv"), encoding: .utf8)
                == "Email Address,First Name,Last Name\nann@example.org,Ann,Lee\n")
        #expect(try mode(of: checkout.url("mc.csv")) == 0o600)
        #expect(try digest(["subscribers", "export", "--format", "csv"], in: checkout.root).status != 0)
        // Each export imports into an empty list as the same readers.
        for (name, text) in [("own.csv", own.output), ("listmonk.csv", listmonk.output)] {
            let other = try Checkout()
            try other.write(text, to: name)
            #expect(try digest(["subscribers", "import", name], in: other.root).status == 0)
            let expected =
                name == "own.csv"
                ? ["ann@example.org": "subscribed", "ben@example.org": "unsubscribed", "cid@example.org": "bounced"]
                : ["ann@example.org": "subscribed"]
            #expect(try statuses(in: other) == expected)
        }
    }
}
