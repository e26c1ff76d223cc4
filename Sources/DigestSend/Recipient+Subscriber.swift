import DigestMail
import DigestRender

extension Recipient {
    /// What `subscriber`'s copy says for them: their name, and the link that unsubscribes
    /// them, the one-click HTTPS page where the publication has one, else the mailto.
    public init(subscriber: Subscriber, links: UnsubscribeLinks) {
        self.init(name: subscriber.name.isEmpty ? nil : subscriber.name, unsubscribeURL: links.https ?? links.mailto)
    }
}
