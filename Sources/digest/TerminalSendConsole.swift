import DigestMail
import DigestSend
import Foundation

/// The terminal a send runs from: warnings on stderr, the question on stdin, the progress
/// line when stderr is a terminal, and Ctrl-C, SIGTERM and SIGHUP caught while the job runs.
final class TerminalSendConsole: SendConsole, @unchecked Sendable {
    let path: String
    private var progressLine: ProgressLine?
    private var interrupt: Interrupt?

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
        progressLine = progress
        interrupt = Interrupt(stop: stop, job: job, wait: stopWait, path: path) { progress.clear() }
    }

    func progress(_ counts: SendJob.Counts) {
        progressLine?.update(counts)
    }

    func finished() -> String? {
        interrupt?.cancel()
        progressLine?.clear()
        return interrupt?.stoppedBy
    }
}
