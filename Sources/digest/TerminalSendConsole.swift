import DigestMail
import DigestSend
import Foundation
import Synchronization

/// The terminal a send runs from: warnings on stderr, the question on stdin, the progress
/// line when stderr is a terminal, and Ctrl-C, SIGTERM and SIGHUP caught while the job runs.
final class TerminalSendConsole: SendConsole, Sendable {
    let path: String
    /// Set when the job starts, read by the transport's threads and at the end.
    private let running = Mutex<(progressLine: ProgressLine, interrupt: Interrupt)?>(nil)

    init(path: String) {
        self.path = path
    }

    func warn(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    func ask(_ question: String) -> Bool? {
        guard isatty(STDIN_FILENO) == 1 else { return nil }
        FileHandle.standardError.write(Data("\(question) [y/N] ".utf8))
        let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        return answer == "y" || answer == "yes"
    }

    func starting(_ job: SendJob, stop: StopSignal, stopWait: Double, total: Int) {
        let progress = ProgressLine(enabled: isatty(STDERR_FILENO) == 1, total: total)
        let interrupt = Interrupt(stop: stop, job: job, wait: stopWait, path: path) { progress.clear() }
        running.withLock { $0 = (progress, interrupt) }
    }

    func progress(_ counts: SendJob.Counts) {
        running.withLock { $0 }?.progressLine.update(counts)
    }

    func finished() -> String? {
        guard let (progressLine, interrupt) = running.withLock({ $0 }) else { return nil }
        interrupt.cancel()
        progressLine.clear()
        return interrupt.stoppedBy
    }
}
