import DigestCore
import DigestMail
import DigestRender

/// The reader that `digest render` and `digest preview` make their copy for: a sample
/// subscriber whose unsubscribe link is made as a send makes every reader's, so that a
/// preview is as long in the places a reader's copy is long.
public enum PreviewReader {
    /// A subscriber with an address of an ordinary length.
    public static let subscriber = Subscriber(address: "sample.reader@example.org", name: "Sample Reader")

    /// The key of preview links: fixed, so that a preview is the same on every run, and not
    /// the list's secret, so that a preview's link unsubscribes nobody.
    static let key = try! UnsubscribeKey(secret: "digest preview, not the list's secret")

    /// The sample reader's name and unsubscribe link under `settings`.
    public static func recipient(settings: Settings) -> Recipient {
        Recipient(subscriber: subscriber, links: key.links(for: subscriber, settings: settings))
    }
}
