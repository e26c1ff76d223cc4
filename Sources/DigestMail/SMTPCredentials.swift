/// A user name and password for SMTP AUTH. Never printed: its description hides both.
public struct SMTPCredentials: Sendable, CustomStringConvertible {
    public var user: String
    public var password: String

    public init(user: String, password: String) {
        self.user = user
        self.password = password
    }

    public var description: String { "SMTPCredentials(hidden)" }
}
