import DigestTestSupport
import Foundation
import Testing

@Suite("The lead image through digest render and digest preview")
struct LeadImageCommandTests {
    static let issue = PublishCommandTests.finished.replacingOccurrences(
        of: "Date: 2023-04-06\n",
        with: "Date: 2023-04-06\nImage: photos/lead.jpg\nImage Alt: Ministers in Tokyo\nImage Source: Reuters\n")

    func checkout(baseURL: Bool) throws -> Checkout {
        let checkout = try Checkout()
        try checkout.write(Self.issue, to: "Drafts/2023-04-06-vol-2.6.issue")
        try FileManager.default.createDirectory(at: checkout.url("Drafts/photos"), withIntermediateDirectories: true)
        try TestImage("JPEG", 1600, 900).write(to: checkout.url("Drafts/photos/lead.jpg"))
        if baseURL {
            let settings = try String(contentsOf: checkout.url("digest.yaml"), encoding: .utf8)
            try checkout.write(
                settings.replacingOccurrences(
                    of: "  # base-url: https://alliance-digest.spfusa.org/", with: "  base-url: https://digest.example.org/"),
                to: "digest.yaml")
        }
        return checkout
    }

    @Test("the email takes its image from the site, its height from the file beside the issue")
    func renderEmail() throws {
        let checkout = try checkout(baseURL: true)
        let html = try digest(["render", "--format", "html", "Drafts/2023-04-06-vol-2.6.issue"], in: checkout.root)
        #expect(html.status == 0, "\(html.errors)")
        #expect(
            html.output.contains(
                #"<img src="https://digest.example.org/issues/2023-04-06-vol-2.6.jpg" width="600" height="338" alt="Ministers in Tokyo""#))
        let text = try digest(["render", "Drafts/2023-04-06-vol-2.6.issue"], in: checkout.root)
        #expect(text.output.contains("Image Source: Reuters\nImage: https://digest.example.org/issues/2023-04-06-vol-2.6.jpg\n"))
    }

    @Test("preview puts the image beside the web page under the name the page uses")
    func preview() throws {
        let checkout = try checkout(baseURL: false)
        let preview = try digest(["preview", "--folder", "out", "Drafts/2023-04-06-vol-2.6.issue"], in: checkout.root)
        #expect(preview.status == 0, "\(preview.errors)")
        let web = try String(contentsOf: checkout.url("out/2023-04-06-vol-2.6.html"), encoding: .utf8)
        #expect(web.contains(#"<img src="2023-04-06-vol-2.6.jpg" width="600" height="338" alt="Ministers in Tokyo">"#))
        #expect(
            FileManager.default.contentsEqual(
                atPath: checkout.url("out/2023-04-06-vol-2.6.jpg").path, andPath: checkout.url("Drafts/photos/lead.jpg").path))
        // Without site.base-url the email shows no image and keeps the credit on the date line.
        let email = try String(contentsOf: checkout.url("out/2023-04-06-vol-2.6.email.html"), encoding: .utf8)
        #expect(!email.contains("<img") && email.contains("&#183; Image Source: Reuters"))
    }
}
