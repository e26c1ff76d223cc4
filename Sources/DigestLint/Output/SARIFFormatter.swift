import DigestCore
import Foundation

/// SARIF 2.1.0, the static-analysis format code-scanning services read: one run whose tool
/// lists every rule with its summary, rationale and default level, and one result per finding.
public enum SARIFFormatter {
    public static func format(_ report: LintReport, rules: [RuleDescription], version: String) -> String {
        let ruleIndex = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($0.element.identifier, $0.offset) })
        let results: [[String: Any]] = report.diagnostics.map { diagnostic in
            var region: [String: Any] = [
                "startLine": diagnostic.range.start.line, "startColumn": diagnostic.range.start.column,
                "endLine": diagnostic.range.end.line, "endColumn": max(diagnostic.range.end.column, diagnostic.range.start.column),
            ]
            if diagnostic.range.end == diagnostic.range.start { region["endColumn"] = diagnostic.range.start.column }
            var result: [String: Any] = [
                "ruleId": diagnostic.rule,
                "level": level(diagnostic.severity),
                "message": ["text": diagnostic.message],
                "locations": [
                    ["physicalLocation": ["artifactLocation": ["uri": uri(diagnostic.path)], "region": region]]
                ],
            ]
            if let index = ruleIndex[diagnostic.rule] { result["ruleIndex"] = index }
            if let fix = diagnostic.fix {
                result["fixes"] = [
                    [
                        "description": ["text": fix.replacement.isEmpty ? "delete the text" : "replace with \"\(fix.replacement)\""],
                        "artifactChanges": [
                            [
                                "artifactLocation": ["uri": uri(diagnostic.path)],
                                "replacements": [
                                    [
                                        "deletedRegion": [
                                            "startLine": fix.range.start.line, "startColumn": fix.range.start.column,
                                            "endLine": fix.range.end.line, "endColumn": fix.range.end.column,
                                        ],
                                        "insertedContent": ["text": fix.replacement],
                                    ]
                                ],
                            ]
                        ],
                    ]
                ]
            }
            return result
        }
        let driverRules: [[String: Any]] = rules.map { rule in
            [
                "id": rule.identifier,
                "shortDescription": ["text": rule.summary],
                "fullDescription": ["text": rule.rationale],
                "defaultConfiguration": ["level": level(rule.severity)],
                "properties": ["tags": [rule.scope.rawValue]],
            ]
        }
        let log: [String: Any] = [
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [
                [
                    "tool": ["driver": ["name": "digest lint", "version": version, "rules": driverRules]],
                    "columnKind": "unicodeCodePoints",
                    "results": results,
                ]
            ],
        ]
        let data =
            (try? JSONSerialization.data(withJSONObject: log, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }

    /// A relative path as a URI reference, with spaces and the like percent-encoded.
    static func uri(_ path: String) -> String {
        path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
    }
}
