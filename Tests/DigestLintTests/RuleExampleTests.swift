import DigestCore
import DigestLint
import Testing

/// Every rule's own examples, run through the whole linter: the rule must flag each
/// triggering example exactly where its `↓` markers are, accept each non-triggering one,
/// and fix each correction as written. A rule without examples fails here.
@Suite("Rule examples")
struct RuleExampleTests {
    static let identifiers = RuleRegistry.all.map(\.identifier)
    let runner = RuleExampleRunner()

    func description(_ identifier: String) -> RuleDescription {
        type(of: RuleRegistry.rule(identifier)!).description
    }

    @Test("every rule has triggering and non-triggering examples and a summary", arguments: identifiers)
    func hasExamples(identifier: String) {
        let rule = description(identifier)
        #expect(!rule.triggering.isEmpty, "\(identifier) has no triggering example")
        #expect(!rule.nonTriggering.isEmpty, "\(identifier) has no non-triggering example")
        #expect(!rule.summary.isEmpty && !rule.rationale.isEmpty)
        #expect(rule.identifier.allSatisfy { $0.isLowercase || $0 == "-" })
    }

    @Test("triggering examples are flagged exactly at their markers", arguments: identifiers)
    func triggering(identifier: String) {
        for example in description(identifier).triggering {
            let (findings, markers, text) = runner.run(example, rule: identifier)
            #expect(!markers.isEmpty, "example without a ↓ marker: \(example)")
            #expect(
                Set(findings.map(\.range.start)) == Set(markers),
                "\(identifier): expected findings at \(markers), got \(findings.map(\.formatted)) in\n\(text)")
        }
    }

    @Test("non-triggering examples are accepted", arguments: identifiers)
    func nonTriggering(identifier: String) {
        for example in description(identifier).nonTriggering {
            let (findings, _, text) = runner.run(example, rule: identifier)
            #expect(findings.isEmpty, "\(identifier) flagged \(findings.map(\.formatted)) in\n\(text)")
        }
    }

    @Test("corrections are fixed as written", arguments: identifiers)
    func corrections(identifier: String) {
        for correction in description(identifier).corrections {
            let (fixed, expected) = runner.correct(correction, rule: identifier)
            #expect(fixed == expected, "\(identifier) fixed \(correction.before) into\n\(fixed)")
        }
    }

    @Test("a rule with fixes in its findings declares corrections, and the other way round", arguments: identifiers)
    func fixableRulesHaveCorrections(identifier: String) {
        let rule = description(identifier)
        let fixes = rule.triggering.flatMap { runner.run($0, rule: identifier).findings }.contains { $0.fix != nil }
        #expect(fixes == rule.isFixable, "\(identifier): findings with fixes \(fixes), corrections declared \(rule.isFixable)")
    }
}
