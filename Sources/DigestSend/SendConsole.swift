import DigestMail

/// What a send needs of the terminal it runs from: the command gives one that writes to
/// stderr, asks on stdin and catches Ctrl-C; tests give one that records.
public protocol SendConsole: AnyObject {
    /// Writes `text` (whole lines, each ending in a line break) where the editor reads
    /// warnings: stderr.
    func warn(_ text: String)

    /// Asks `question` and says whether the answer was yes; `nil` when there is no
    /// terminal to ask on.
    func ask(_ question: String) -> Bool?

    /// The job is about to run through a transport that waits at most `stopWait` seconds for
    /// the messages in flight, `total` readers expected: start showing progress and let a
    /// signal request `stop`.
    func starting(_ job: SendJob, stop: StopSignal, stopWait: Double, total: Int)

    /// The job's counts after an outcome, from the transport's threads.
    func progress(_ counts: SendJob.Counts)

    /// The job ran: stop catching signals and clear the progress. Returns the name of the
    /// signal that stopped the send (`Ctrl-C`, `SIGTERM`), if one did.
    func finished() -> String?
}
