/// Why a send cannot go, or stopped, with the exit code it means to the command: 2 for a
/// usage, settings or I/O error, 1 for something in the issue, the list or the answer
/// that the editor decides on (lint errors, a refused confirmation, readers left unsettled).
public struct SendFailure: Error, Sendable, CustomStringConvertible {
    /// What went wrong and what to do, for stderr.
    public var message: String
    public var code: Int32
    /// Whether the message is already in `path:line:column: …` form, to print as it is.
    public var isDiagnostic: Bool

    public init(message: String, code: Int32, isDiagnostic: Bool = false) {
        self.message = message
        self.code = code
        self.isDiagnostic = isDiagnostic
    }

    /// A usage, settings or I/O error: exit code 2.
    public static func usage(_ message: String) -> SendFailure {
        SendFailure(message: message, code: 2)
    }

    public var description: String { message }
}
