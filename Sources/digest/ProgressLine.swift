import DigestCore
import DigestSend
import Foundation
import Synchronization

/// The line a send redraws on a terminal: a bar, sent, refused, deferred, uncertain, rate and time left.
final class ProgressLine: Sendable {
    let enabled: Bool
    /// Readers this run expects to handle, for the bar and the time left; 0 when unknown.
    let total: Int
    private let started = Date()
    /// The send's threads draw; a signal's handler clears.
    private let drawing = Mutex(Drawing())

    private struct Drawing {
        var lastDrawn = Date.distantPast
        var drawn = false
    }

    init(enabled: Bool, total: Int) {
        self.enabled = enabled
        self.total = total
    }

    func update(_ counts: SendJob.Counts) {
        guard enabled else { return }
        drawing.withLock { drawing in
            let now = Date()
            guard now.timeIntervalSince(drawing.lastDrawn) >= 0.1 else { return }
            drawing.lastDrawn = now
            // A terminal gone with its SSH session fails the write: the send goes on to record its stop.
            try? FileHandle.standardError.write(contentsOf: Data("\r\u{1B}[K\(line(counts, now: now))".utf8))
            drawing.drawn = true
        }
    }

    func clear() {
        guard enabled else { return }
        drawing.withLock { drawing in
            guard drawing.drawn else { return }
            try? FileHandle.standardError.write(contentsOf: Data("\r\u{1B}[K".utf8))
            drawing.drawn = false
        }
    }

    private func line(_ counts: SendJob.Counts, now: Date) -> String {
        let done = counts.accepted + counts.refused + counts.deferred + counts.uncertain
        let elapsed = now.timeIntervalSince(started)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        var line = ""
        if total > 0 {
            let fraction = min(1, Double(done) / Double(total))
            let filled = Int((fraction * 24).rounded(.down))
            line += "[" + String(repeating: "#", count: filled) + String(repeating: "·", count: 24 - filled) + "] "
            line += "\(done.grouped)/\(total.grouped) "
        }
        // A deferred reader is not a failure (the next run sends it), nor is an uncertain one
        // sent: each is counted under its own name, and only once there is one.
        line += "sent \(counts.accepted.grouped)"
        for (name, count) in [("refused", counts.refused), ("deferred", counts.deferred), ("uncertain", counts.uncertain)] where count > 0 {
            line += " · \(name) \(count.grouped)"
        }
        line += " · \(Int(rate).grouped)/s"
        if total > 0, rate > 0 {
            let left = Int(Double(max(0, total - done)) / rate)
            line += " · \(left / 60):" + String(format: "%02d", left % 60) + " left"
        }
        return line
    }
}
