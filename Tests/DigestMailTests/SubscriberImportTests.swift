import DigestCore
import DigestMail
import Testing

/// What `digest subscribers import` says around a merge, without the command.
@Suite("importing subscribers")
struct SubscriberImportTests {
    static let day = IssueDate(iso: "2026-12-06")!

    @Test("before the merge: how the file was read, the columns it ignores, each bad row; after: clashes, the hint and the count")
    func notesAndCount() throws {
        let imported = SubscriberImport(
            text:
                "Email Address,First Name,Last Name,MEMBER_RATING\nann@example.org,Ann,Lee,2\nnot an address,,,\nBEN@example.org,,,\ncid@example.org,,,\n",
            path: "export.csv")
        #expect(imported.incoming.count == 3 && imported.problems.count == 1)
        #expect(imported.notes.count == 3)
        #expect(imported.notes[0].hasPrefix("export.csv: read as a Mailchimp export: "))
        #expect(imported.notes[1] == "export.csv: columns ignored: MEMBER_RATING")
        #expect(imported.notes[2].hasPrefix("export.csv:3: "))

        var list = SubscriberList(subscribers: [
            Subscriber(address: "ben@example.org", name: "Ben"), Subscriber(address: "cid@example.org", name: "", status: .unsubscribed),
        ])
        let summary = list.merge(imported.incoming, on: Self.day, path: imported.path)
        let (notes, count) = imported.outcome(summary, resubscribe: false)
        #expect(notes.first?.contains("BEN@example.org") == true)
        #expect(notes.last == "export.csv: --resubscribe subscribes again those who left or bounced")
        #expect(
            count
                == "imported 1 of 4 rows; 1 bad, 2 already on the list, 1 left unsubscribed, bounced or complained as the list says")
        #expect(imported.outcome(summary, resubscribe: true).notes.count == notes.count - 1)
    }

    @Test("a reader who left here and complained in the file is marked complained, so --resubscribe never brings them back")
    func strengthens() {
        let imported = SubscriberImport(
            text: "email,status\nann@example.org,complained\nben@example.org,unsubscribed\ncid@example.org,bounced\n", path: "export.csv")
        var list = SubscriberList(subscribers: [
            Subscriber(address: "ann@example.org", status: .unsubscribed), Subscriber(address: "ben@example.org", status: .bounced),
            Subscriber(address: "cid@example.org"),
        ])
        let summary = list.merge(imported.incoming, on: Self.day, path: imported.path)
        // Only ever stronger: Ben's bounce is not weakened to an unsubscribe.
        #expect(list.subscribers.map(\.status) == [.complained, .bounced, .bounced])
        #expect(summary.strengthened == 1 && summary.stopped == 1 && summary.unchanged == 2)
        #expect(
            imported.outcome(summary, resubscribe: false).count
                == "imported 0 of 3 rows; 0 bad, 2 already on the list, 1 no longer mailed as the file says, 1 marked bounced or complained as the file says"
        )
        var again = list
        _ = again.merge(
            SubscriberImport(text: "email,status\nann@example.org,subscribed\n", path: "old.csv").incoming, on: Self.day, path: "old.csv",
            resubscribe: true)
        #expect(again.subscribers.first?.status == .complained)
    }

    @Test("a row that is not UTF-8 (a Latin-1 export) is a bad row, never a garbled name, in an import and in the list")
    func notUTF8() {
        // "José Müller" in Latin-1 on line 2; a CRLF file with a BOM, as spreadsheets write.
        let bytes: [UInt8] =
            [0xEF, 0xBB, 0xBF] + Array("email,name\r\njose@example.org,Jos".utf8) + [0xE9] + Array(" M".utf8) + [0xFC]
            + Array("ller\r\nann@example.org,Ann\r\n".utf8)
        let imported = SubscriberImport(bytes: bytes, path: "latin1.csv")
        #expect(imported.incoming.map(\.address) == ["ann@example.org"])
        #expect(
            imported.problems.map(\.description) == [
                "latin1.csv:2: error: the row is not UTF-8 text (a byte of another encoding, such as Latin-1 or Windows-1252); save the file as UTF-8 (\"CSV UTF-8\" in a spreadsheet) [subscribers]"
            ])
        let own =
            Array("address,name,status,subscribed,changed\nann@example.org,Ann,subscribed,,\n".utf8) + [0x62, 0xFF, 0x40]
            + Array("example.org,,subscribed,,\n".utf8)
        let (list, problems) = SubscriberList.parse(own, path: "s.csv")
        #expect(list.subscribers.map(\.address) == ["ann@example.org"] && problems.map(\.line) == [3])
        // The same name in UTF-8: taken as written.
        let valid = SubscriberImport(bytes: Array("email,name\njose@example.org,José Müller\n".utf8), path: "u.csv")
        #expect(valid.problems.isEmpty && valid.incoming.map(\.name) == ["José Müller"])
    }

    @Test("values quoted from a hostile file show their control characters as escapes, never raw to the terminal")
    func controlCharactersShown() {
        let imported = SubscriberImport(
            text: "email,name,st\u{1B}[2Jatus,x\u{9B}\n\u{1B}]0;x\u{7}a@example.org,A,subscribed,\nb@example.org,B,\u{1B}[31mred,\n",
            path: "evil.csv")
        #expect(
            imported.notes == [
                "evil.csv: read as a CSV: email → address, name → name", "evil.csv: columns ignored: st\\u{1B}[2Jatus, x\\u{9B}",
                "evil.csv:2: error: the address \"\\u{1B}]0;x\\u{7}a@example.org\" contains a line break or control character [subscribers]",
            ])
        let status = SubscriberImport(text: "email,status\nb@example.org,\u{1B}[31mred\n", path: "evil.csv")
        #expect(
            status.problems.map(\.description) == [
                "evil.csv:2: error: status \"\\u{1B}[31mred\" is not a status digest knows; the row is left out, so write subscribed or unsubscribed [subscribers]"
            ])
        let header = SubscriberImport(text: "\u{1B}[2Jfoo,bar\n", path: "evil.csv")
        #expect(header.problems.first?.description.contains("(\\u{1B}[2Jfoo,bar)") == true)
        #expect(!(imported.notes + status.notes + header.notes).contains { $0.containsControlCharacter })
    }

    @Test("a file without a header to read says nothing before the merge but its bad rows")
    func plain() {
        let imported = SubscriberImport(text: "", path: "empty.csv")
        #expect(imported.notes == imported.problems.map(\.description))
        var list = SubscriberList()
        let summary = list.merge(imported.incoming, on: Self.day, path: imported.path)
        #expect(
            imported.outcome(summary, resubscribe: false)
                == ([], "imported 0 of \(imported.problems.count) rows; \(imported.problems.count) bad, 0 already on the list"))
    }
}

/// The line `digest subscribers list` prints for a reader.
@Suite("a subscriber's line in the list")
struct SubscriberListLineTests {
    @Test("a subscribed reader shows no date; one who left shows since when and why; empty fields are left out")
    func lines() {
        let day = IssueDate(iso: "2026-12-06")
        #expect(Subscriber(address: "ann@example.org", name: "Ann", changed: day).listLine == "ann@example.org\tsubscribed\tAnn")
        #expect(
            Subscriber(address: "ben@example.org", status: .bounced, changed: day, reason: "550 5.1.1").listLine
                == "ben@example.org\tbounced\tsince 2026-12-06\t550 5.1.1")
        #expect(Subscriber(address: "cid@example.org", status: .unsubscribed).listLine == "cid@example.org\tunsubscribed")
    }
}
