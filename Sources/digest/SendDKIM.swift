import DigestCore
import DigestMail
import Foundation

extension DigestCommand.Send {
    /// The DKIM signer for this send, or `nil` when no key is configured; a key that
    /// cannot be used stops the send before anything is written or mailed.
    func dkimSigner(settings: Settings, environment: [String: String]) throws -> DKIMSigner? {
        do {
            return try DKIMKeyFile.signer(settings: settings, environment: environment) { warning in
                FileHandle.standardError.write(Data("digest: warning: \(warning)\n".utf8))
            }
        } catch {
            throw CommandFailure.usage(error.description)
        }
    }
}
