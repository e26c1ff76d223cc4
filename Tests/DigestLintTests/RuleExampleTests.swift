import DigestCore
import DigestLint
import DigestTestSupport
import Foundation
import Testing

/// Every rule's own examples, run through the whole linter: the rule must flag each
/// triggering example exactly where its `↓` markers are, once each, with the messages the
/// example states, accept each non-triggering one, and fix each correction as written. A
/// rule without examples fails here, and so does a rule left out of the registry.
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

    @Test("triggering examples are flagged exactly at their markers, with their messages", arguments: identifiers)
    func triggering(identifier: String) {
        for example in description(identifier).triggering {
            let mismatch = runner.mismatch(example, rule: identifier)
            #expect(mismatch == nil, "\(mismatch ?? "")")
        }
    }

    @Test("non-triggering examples are accepted", arguments: identifiers)
    func nonTriggering(identifier: String) {
        for example in description(identifier).nonTriggering {
            let (findings, _, text) = runner.run(example, rule: identifier)
            #expect(findings.isEmpty, "\(identifier) flagged \(findings.map(\.formatted)) in\n\(text)")
            #expect(example.messages.isEmpty, "\(identifier): an accepted example expects messages: \(example)")
        }
    }

    @Test("the example check fails on a wrong message, a finding too many and a missing message")
    func mismatchesAreCaught() throws {
        // The messages come from the rules themselves, so rewording one does not break this test.
        let marked = RuleExample("Japan signs pact↓.", in: .headline)
        let said = try #require(runner.run(marked, rule: "headline-period").findings.first?.message)
        #expect(runner.mismatch(marked.expecting(said), rule: "headline-period") == nil)
        #expect(runner.mismatch(marked.expecting(said + " now"), rule: "headline-period")?.contains("got 1") == true)
        #expect(runner.mismatch(marked, rule: "headline-period")?.contains("1 ↓ markers but 0 expected messages") == true)
        // Two double spaces, one marked: the second finding is one too many.
        let doubled = RuleExample("The allies met↓  in Tokyo.  Then they left.")
        let space = try #require(runner.run(doubled, rule: "double-space").findings.first?.message)
        let extra = runner.mismatch(doubled.expecting(space), rule: "double-space")
        #expect(extra?.contains("expected 1 findings") == true && extra?.contains("got 2") == true, "\(extra ?? "nil")")
    }

    @Test("every rule in Sources/DigestLint/Rules is in the registry, and every registered rule has its file")
    func registryHasEveryRuleFile() throws {
        let folder = projectRoot.appendingPathComponent("Sources/DigestLint/Rules")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
        #expect(names.count >= RuleRegistry.all.count)
        let declaration = /(?m)^(?:public |final |public final )*(?:struct|final class|class|enum) (\w+)\s*:\s*(?:[\w, ]*, )?Rule\b/
        var declared: [String: String] = [:]
        for name in names {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            for match in text.matches(of: declaration) { declared[String(match.1)] = name }
            if name.hasSuffix("Rule.swift") {
                let type = String(name.dropLast(".swift".count))
                #expect(declared[type] == name, "\(name) does not declare a rule named \(type)")
            }
        }
        let registered = Set(RuleRegistry.all.map { String(describing: type(of: $0)) })
        for (type, file) in declared.sorted(by: { $0.key < $1.key }) {
            #expect(registered.contains(type), "\(type) in Rules/\(file) is missing from RuleRegistry.all")
        }
        for type in registered.sorted() {
            #expect(declared[type] != nil, "\(type) is registered but no file in Sources/DigestLint/Rules declares it")
        }
        #expect(Set(Self.identifiers).count == Self.identifiers.count, "two rules share an identifier")
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
