import DigestCore
import DigestMail
import DigestRender
import Foundation

/// Makes each subscriber's message: the issue rendered once per edition, then per reader
/// only their name and unsubscribe link filled in and the MIME message built.
public struct MessageFactory: Sendable {
    public let settings: Settings
    public let subject: String
    let text: PreparedEdition
    let html: PreparedEdition
    /// Both editions transfer-encoded once; per reader only the lines with their values.
    let encodedText: EncodedBody
    let encodedHTML: EncodedBody
    let builder: MessageBuilder
    /// The headers every copy shares, made once: or why they cannot be, which every
    /// reader's message then reports.
    let shared: Result<MessageBuilder.Shared, MessageError>
    let key: UnsubscribeKey
    let boundary: String
    /// Signs every message when the publication has a DKIM key; its `t=` is `date`.
    let signer: DKIMSigner?

    /// - Parameters:
    ///   - issueKey: names the issue in Message-IDs (`vol-2.6`); test copies use another.
    ///   - date: the Date header of every message.
    ///   - signer: DKIM-signs each message as it is made (DigestMail's `DKIMKeyFile.signer(settings:environment:warn:)`).
    ///   - image: the lead image file's header, which the email's `<img>` takes its height from.
    public init(
        issue: Issue, renderer: Renderer, issueKey: String, date: Date, key: UnsubscribeKey, signer: DKIMSigner? = nil,
        image: ImageHeader? = nil
    ) {
        settings = renderer.settings
        subject = issue.title?.text ?? settings.publication.name
        text = renderer.prepare(issue, edition: .text, image: image)
        html = renderer.prepare(issue, edition: .html, image: image)
        encodedText = Self.encoded(text)
        encodedHTML = Self.encoded(html)
        builder = MessageBuilder(settings: renderer.settings, issueKey: issueKey, date: date)
        self.key = key
        boundary = "=_digest_\(issueKey.filter { $0.isLetter || $0.isNumber })_alternative"
        shared = Result { [builder, subject, boundary, encodedText, encodedHTML] () throws(MessageError) in
            try builder.shared(subject: subject, boundary: boundary, text: encodedText, html: encodedHTML)
        }
        self.signer = signer?.dated(date)
    }

    /// The message for `subscriber`, addressed to them alone.
    public func message(for subscriber: Subscriber) throws(MessageError) -> OutgoingMessage {
        let links = key.links(for: subscriber, settings: settings)
        let recipient = Recipient(subscriber: subscriber, links: links)
        let textValues = text.values(for: recipient)
        let htmlValues = html.values(for: recipient)
        var message = try builder.build(
            for: subscriber, shared: shared.get(), text: [textValues.name, textValues.unsubscribeURL],
            html: [htmlValues.name, htmlValues.unsubscribeURL], unsubscribe: links)
        // Signed here, on the thread that makes the message, so that signing never holds a
        // connection; each reader's body differs (their link), so each is hashed.
        if let signer {
            do {
                message.bytes = try signer.sign(message.bytes)
            } catch {
                throw .unsigned(error)
            }
        }
        return message
    }

    /// The size of `subscriber`'s whole message and of its HTML edition as a mail client
    /// reads it (decoded), in bytes: what ``MessageSizeCheck`` weighs.
    public func sizes(for subscriber: Subscriber) throws(MessageError) -> (message: Int, html: Int) {
        let links = key.links(for: subscriber, settings: settings)
        let recipient = Recipient(name: subscriber.name.isEmpty ? nil : subscriber.name, unsubscribeURL: links.https ?? links.mailto)
        return (try message(for: subscriber).bytes.count, html.personalized(for: recipient).utf8.count)
    }

    /// `edition` with its reader's values numbered as ``message(for:)`` gives them: the name, then the link.
    static func encoded(_ edition: PreparedEdition) -> EncodedBody {
        EncodedBody(
            edition.pieces.map { piece in
                switch piece {
                case .text(let text): .text(text)
                case .name: .value(0)
                case .unsubscribeURL: .value(1)
                }
            })
    }

    /// `vol-2.6` for an issue titled Vol 2.6; the file name's stem when the title says nothing.
    public static func issueKey(for issue: Issue, fileName: String) -> String {
        if let title = issue.title { return "vol-\(title.volume).\(title.number)" }
        return URL(fileURLWithPath: fileName).deletingPathExtension().lastPathComponent
    }
}
