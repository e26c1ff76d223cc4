import DigestCore

extension Publisher.Outcome {
    /// What `digest publish` prints once the issue is published: each move (with git or
    /// not), each record staged, and the issue's Vol with the readers it went to.
    public func lines(readersSent sent: Int) -> [String] {
        var lines = plan.moves.map { "\(displayPath(of: $0.from)) -> \(displayPath(of: $0.to))\(usedGit ? " (git mv)" : "")" }
        lines += staged.map { "staged \(displayPath(of: $0)), the send's record" }
        let volume = plan.issueKey.dropFirst(4)
        lines.append(
            sent > 0 ? "published Vol \(volume), sent to \(sent.grouped) reader\(sent == 1 ? "" : "s")" : "published Vol \(volume), unsent")
        return lines
    }
}
