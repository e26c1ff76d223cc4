import Foundation
import Testing

@Suite("digest publish, from the command line")
struct PublishCommandTests {
    static let finished = """
        US-Japan Alliance Digest Vol 2.6
        Date: 2023-04-06

        Headlines
        - Allies meet in Tokyo

        Details
        - The allies met in Tokyo on March 8.

        Footer
        “US-Japan Alliance Digest” is a bi-weekly summary of bilateral and related
        developments compiled by Sasakawa USA’s “US-Japan NEXT Alliance Initiative.”
        To receive “Alliance Digest” via email, contact egulum@spfusa.org

        """

    @Test("a draft with placeholders is refused with exit 1, and stays in Drafts/")
    func placeholders() throws {
        let checkout = try Checkout()
        #expect(try digest(["new"], in: checkout.root).status == 0)
        let publish = try digest(["publish", "--unsent", "Drafts/2023-04-06-vol-2.6.issue"], in: checkout.root)
        #expect(publish.status == 1)
        #expect(publish.errors.contains("Drafts/2023-04-06-vol-2.6.issue has 10 placeholders left (TODO, TK)"))
        #expect(FileManager.default.fileExists(atPath: checkout.url("Drafts/2023-04-06-vol-2.6.issue").path))
    }

    @Test("an unsent issue needs --unsent; then it moves, and a second run says it is published, exit 0")
    func unsentThenAgain() throws {
        let checkout = try Checkout()
        try checkout.write(Self.finished, to: "Drafts/2023-04-06-vol-2.6.issue")
        let refused = try digest(["publish", "Drafts/2023-04-06-vol-2.6.issue"], in: checkout.root)
        #expect(refused.status == 1)
        #expect(refused.errors.contains("show no reader mailed"))
        let published = try digest(["publish", "--unsent", "Drafts/2023-04-06-vol-2.6.issue"], in: checkout.root)
        #expect(published.status == 0, "\(published.errors)")
        #expect(
            published.output.hasPrefix(
                """
                Drafts/2023-04-06-vol-2.6.issue -> seeds/archive/2023-04-06-vol-2.6.issue
                published Vol 2.6, unsent
                5 issues: wrote

                """.dropLast()))
        // The site is brought up to date, the new issue's page with it.
        #expect(published.output.hasSuffix("open .digest/site/index.html\n"))
        #expect(FileManager.default.fileExists(atPath: checkout.url(".digest/site/issues/2023-04-06-vol-2.6.html").path))
        #expect(try String(contentsOf: checkout.url("seeds/archive/2023-04-06-vol-2.6.issue"), encoding: .utf8) == Self.finished)
        let again = try digest(["publish", "Drafts/2023-04-06-vol-2.6.issue"], in: checkout.root)
        #expect(again.status == 0)
        #expect(
            again.output
                == "Drafts/2023-04-06-vol-2.6.issue is already published as seeds/archive/2023-04-06-vol-2.6.issue; nothing to do\n")
    }

    @Test("a file that is not there is a usage error naming it")
    func missing() throws {
        let checkout = try Checkout()
        let publish = try digest(["publish", "Drafts/nothing.issue"], in: checkout.root)
        #expect(publish.status == 2)
        #expect(publish.errors.contains("Drafts/nothing.issue: no such file"))
    }
}
