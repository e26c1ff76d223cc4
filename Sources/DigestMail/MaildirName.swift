/// A Maildir file's names: the unique part, which stays the same while a mail client adds
/// flags to the name as it shows or files the message (`1733450000.M1P2.host:2,S`).
public enum MaildirName {
    /// `1733450000.M1P2.host:2,S` → `1733450000.M1P2.host`.
    public static func unique(_ file: String) -> String {
        String(file.prefix { $0 != ":" })
    }
}
