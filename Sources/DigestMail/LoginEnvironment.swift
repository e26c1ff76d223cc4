import Foundation

/// The login a mail server route takes from the environment (`DIGEST_SMTP_USER` and
/// `DIGEST_SMTP_PASSWORD`, `DIGEST_IMAP_USER` and `DIGEST_IMAP_PASSWORD`, or a netrc file).
public enum LoginEnvironment {
    /// Why the login the environment gives cannot be used, or `nil`: a password set without
    /// its user name, or `NETRC` naming no file. Either was passed over in silence, and the
    /// connection went without the login the editor meant it to have.
    /// - Parameters:
    ///   - user: the variable holding the user name, such as `DIGEST_SMTP_USER`.
    ///   - password: the variable holding the password.
    public static func problem(user: String, password: String, in environment: [String: String]) -> String? {
        let userSet = !(environment[user] ?? "").isEmpty
        if !userSet, !(environment[password] ?? "").isEmpty {
            return "\(password) is set but \(user) is not; set both, or neither to log in with a netrc file"
        }
        if !userSet, let netrc = environment["NETRC"], !netrc.isEmpty {
            var isFolder: ObjCBool = false
            if !FileManager.default.fileExists(atPath: netrc, isDirectory: &isFolder) || isFolder.boolValue {
                return "NETRC names \(netrc), which is not a file; name the netrc file with the login, or unset NETRC"
            }
        }
        return nil
    }
}
