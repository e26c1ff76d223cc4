import DigestCore
import DigestMail
import Testing

/// One tool's export, its header as the tool writes it, and what an import must make of it.
struct ExportFixture: Sendable, CustomTestStringConvertible {
    var source: String
    var text: String
    /// address → status of the rows imported.
    var expected: [String: SubscriberStatus]
    var names: [String: String] = [:]
    /// Lines that must be refused, with a part of their message.
    var refused: [Int: String] = [:]
    var ignored: [String] = []

    var testDescription: String { source }

    static let mailchimpColumns =
        "Email Address,First Name,Last Name,Address,Phone Number,MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,LATITUDE,LONGITUDE,GMTOFF,DSTOFF,TIMEZONE,CC,REGION,LAST_CHANGED"

    static let all: [ExportFixture] = [
        ExportFixture(
            source: "listmonk",
            text: """
                uuid,email,name,attributes,status,created_at,updated_at
                a1,ann@example.org,Ann,{},enabled,2024-01-15 10:00:00.123+00:00,2024-01-16 10:00:00+00:00
                a2,ben@example.org,Ben,"{""x"": 1}",blocklisted,2024-01-15 10:00:00+00:00,2024-01-16 10:00:00+00:00
                a3,cid@example.org,Cid,{},disabled,2024-01-15 10:00:00+00:00,2024-01-16 10:00:00+00:00
                a4,dee@example.org,Dee,{},frozen,2024-01-15 10:00:00+00:00,2024-01-16 10:00:00+00:00
                """,
            expected: ["ann@example.org": .subscribed, "ben@example.org": .unsubscribed, "cid@example.org": .unsubscribed],
            refused: [5: "status \"frozen\" is not a status digest knows"], ignored: ["uuid", "attributes"]),
        ExportFixture(
            source: "listmonk",
            text: "email,name,attributes\nann@example.org,Ann,{}\nben@example.org,,\"{\"\"city\"\": \"\"Tokyo\"\"}\"\n",
            expected: ["ann@example.org": .subscribed, "ben@example.org": .subscribed], ignored: ["attributes"]),
        ExportFixture(
            source: "Mailchimp",
            text:
                "\(mailchimpColumns),LEID,EUID,NOTES,TAGS\nann@example.org,Ann,Lee,,,2,2019-03-21 10:12:33,,,,,,,,,,,2019-03-21 10:12:33,1,a,,\n",
            expected: ["ann@example.org": .subscribed], names: ["ann@example.org": "Ann Lee"], ignored: ["MEMBER_RATING", "TAGS"]),
        ExportFixture(
            source: "Mailchimp",
            text:
                "\(mailchimpColumns),UNSUB_TIME,UNSUB_CAMPAIGN_TITLE,UNSUB_CAMPAIGN_ID,UNSUB_REASON,UNSUB_REASON_OTHER,LEID,EUID,NOTES,TAGS\nben@example.org,Ben,,,,2,,,,,,,,,,,,,2020-05-01 08:00:00,Spring,c1,No longer interested,,1,b,,\n",
            expected: ["ben@example.org": .unsubscribed], ignored: ["UNSUB_REASON"]),
        ExportFixture(
            source: "Mailchimp",
            text:
                "\(mailchimpColumns),CLEAN_TIME,CLEAN_CAMPAIGN_TITLE,CLEAN_CAMPAIGN_ID,LEID,EUID,NOTES,TAGS\ncid@example.org,,,,,2,,,,,,,,,,,,,2020-05-01 08:00:00,Spring,c1,1,b,,\n",
            expected: ["cid@example.org": .bounced]),
        ExportFixture(
            source: "Substack",
            text: """
                email,active_subscription,expiry,plan,email_disabled,created_at,first_payment_at
                ann@example.org,false,,,false,2024-01-15T10:00:00.000Z,
                ben@example.org,true,2026-12-01T00:00:00.000Z,monthly,true,2024-02-01T10:00:00.000Z,2024-02-01T10:00:00.000Z
                cid@example.org,false,,,,2024-03-01T10:00:00.000Z,
                """,
            expected: ["ann@example.org": .subscribed, "ben@example.org": .unsubscribed],
            refused: [4: "cid@example.org has no email_disabled"], ignored: ["active_subscription", "plan"]),
        ExportFixture(
            source: "Ghost",
            text: """
                id,email,name,note,subscribed_to_emails,complimentary_plan,stripe_customer_id,created_at,deleted_at,labels,tiers
                m1,ann@example.org,Ann Lee,"VIP, early",true,false,,2024-01-15T10:00:00.000Z,,,
                m2,ben@example.org,Ben,,false,false,,2024-01-15T10:00:00.000Z,,,
                m3,cid@example.org,Cid,,maybe,false,,2024-01-15T10:00:00.000Z,,,
                """,
            expected: ["ann@example.org": .subscribed, "ben@example.org": .unsubscribed], names: ["ann@example.org": "Ann Lee"],
            refused: [4: "subscribed_to_emails \"maybe\""], ignored: ["note", "labels"]),
        ExportFixture(
            source: "Buttondown",
            text: """
                id,email,notes,metadata,tags,subscriber_type,source,creation_date
                1,ann@example.org,,{},[],regular,api,2024-01-15T10:00:00Z
                2,ben@example.org,,{},[],unsubscribed,api,2024-01-15T10:00:00Z
                3,cid@example.org,,{},[],undeliverable,api,2024-01-15T10:00:00Z
                4,dee@example.org,,{},[],unactivated,api,2024-01-15T10:00:00Z
                5,eve@example.org,,{},[],premium,api,2024-01-15T10:00:00Z
                """,
            expected: [
                "ann@example.org": .subscribed, "ben@example.org": .unsubscribed, "cid@example.org": .bounced,
                "eve@example.org": .subscribed,
            ],
            refused: [5: "never confirmed"], ignored: ["metadata", "source"]),
        ExportFixture(
            source: "CSV",
            text: "email_address,type,first_name,last_name\nann@example.org,regular,Ann,Lee\nben@example.org,,Ben,\n",
            expected: ["ann@example.org": .subscribed], names: ["ann@example.org": "Ann Lee"],
            refused: [3: "ben@example.org has no type"]),
    ]
}

@Suite("Subscriber lists from other tools")
struct ListFormatTests {
    @Test("each tool's export is read by its own column names and status words", arguments: ExportFixture.all)
    func reads(fixture: ExportFixture) throws {
        let (subscribers, problems, format) = SubscriberList.parseImport(fixture.text, path: "export.csv")
        let found = try #require(format)
        #expect(found.source == fixture.source)
        #expect(Dictionary(uniqueKeysWithValues: subscribers.map { ($0.address, $0.status) }) == fixture.expected)
        for (address, name) in fixture.names {
            #expect(subscribers.first { $0.address == address }?.name == name)
        }
        #expect(problems.map(\.line) == fixture.refused.keys.sorted())
        for problem in problems {
            let part = try #require(fixture.refused[problem.line])
            #expect(problem.message.contains(part), "\(problem.message)")
        }
        for column in fixture.ignored {
            #expect(found.ignored.contains(column), "\(column) not reported as ignored: \(found.ignored)")
        }
    }

    @Test("a header with no address column is refused, naming the formats digest reads, and no row is imported")
    func noAddressColumn() {
        let (subscribers, problems, format) = SubscriberList.parseImport("who,what\nann@example.org,x\n", path: "odd.csv")
        #expect(subscribers.isEmpty && format == nil)
        #expect(problems.map(\.line) == [1])
        #expect(problems.first?.message.contains("no column of addresses in the header (who,what)") == true)
    }

    @Test("dates from other tools keep their day; digest's own dates stay strict")
    func dates() throws {
        let (foreign, foreignProblems, _) = SubscriberList.parseImport(
            "email,created_at\nann@example.org,2024-01-15T10:00:00.000Z\nben@example.org,last tuesday\n", path: "x.csv")
        #expect(foreignProblems.isEmpty)
        #expect(foreign.map { $0.subscribed?.iso } == ["2024-01-15", nil])
        let (_, ownProblems, _) = SubscriberList.parseImport("address,subscribed\nann@example.org,2024-01-15T10:00\n", path: "x.csv")
        #expect(ownProblems.map(\.message) == ["the subscribed date \"2024-01-15T10:00\" must be YYYY-MM-DD"])
    }

    @Test("merging an import adds new readers, stops mail to those the file says left, and never resubscribes anyone")
    func merge() throws {
        let day = try #require(IssueDate(iso: "2024-05-01"))
        var (list, _) = SubscriberList.parse(
            "address,name,status\nann@example.org,Ann,subscribed\nben@example.org,Ben,unsubscribed\ncid@example.org,Cid,subscribed\n",
            path: "s.csv")
        let (incoming, _, _) = SubscriberList.parseImport(
            "email,name,status\nANN@example.org,Ann,subscribed\nben@example.org,Ben,subscribed\ncid@example.org,,blocklisted\ndee@example.org,Dee,unsubscribed\n",
            path: "in.csv")
        let summary = list.merge(incoming, on: day, path: "in.csv")
        #expect(summary.added == 1 && summary.unchanged == 2 && summary.stopped == 1)
        #expect(
            summary.clashes == [
                "in.csv:2: note: ANN@example.org is ann@example.org (line 2 of the list), one mailbox; the list's spelling stays [subscribers]"
            ])
        #expect(list.subscribers.map(\.address) == ["ann@example.org", "ben@example.org", "cid@example.org", "dee@example.org"])
        #expect(list.subscribers.map(\.status) == [.subscribed, .unsubscribed, .unsubscribed, .unsubscribed])
        #expect(list.subscribers[2].changed == day)
    }
}
