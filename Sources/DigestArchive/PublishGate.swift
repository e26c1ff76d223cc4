import DigestCore

/// Which lint findings stop a publication: every error, and every placeholder (`TODO`, `TK`:
/// the `placeholder` rule) at whatever severity the settings give it, the same findings that
/// stop a send to the subscribers. The archive is published as it is, so nothing unfinished
/// goes in.
public enum PublishGate {
    /// The findings that stop publishing `findings`' file.
    public static func refusing(_ findings: [Diagnostic]) -> [Diagnostic] {
        findings.filter { $0.severity == .error || $0.rule == "placeholder" }
    }

    /// `2 lint errors and 1 placeholder left (TODO, TK)`.
    static func summary(_ findings: [Diagnostic]) -> String {
        let placeholders = findings.filter { $0.rule == "placeholder" && $0.severity != .error }.count
        let errors = findings.count - placeholders
        var parts: [String] = []
        if errors > 0 { parts.append("\(errors) lint error\(errors == 1 ? "" : "s")") }
        if placeholders > 0 { parts.append("\(placeholders) placeholder\(placeholders == 1 ? "" : "s") left (TODO, TK)") }
        return parts.joined(separator: " and ")
    }
}
