import DigestCore
import DigestLint

/// The text of `digest lint --list-rules`: each rule's identifier, default severity, scope,
/// summary, rationale and examples.
enum RuleList {
    static func text() -> String {
        var output = ""
        for rule in RuleRegistry.all {
            let description = type(of: rule).description
            output +=
                "\(description.identifier)  (\(description.severity.rawValue), \(description.scope.rawValue)\(description.isFixable ? ", fixable" : ""))\n"
            output += "  \(description.summary)\n"
            output += "  \(description.rationale)\n"
            for example in description.triggering.prefix(2) {
                output += "  flags:   \(oneLine(example))\n"
            }
            for example in description.nonTriggering.prefix(1) {
                output += "  accepts: \(oneLine(example))\n"
            }
            for correction in description.corrections.prefix(1) {
                output += "  fixes:   \(oneLine(correction.before)) → \(correction.after.replacingOccurrences(of: "\n", with: "⏎"))\n"
            }
            output += "\n"
        }
        return output
    }

    static func oneLine(_ example: RuleExample) -> String {
        example.description.replacingOccurrences(of: "\n", with: "⏎")
    }
}
