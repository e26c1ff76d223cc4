/// `digest lint --fix` over several files: each file's certain fixes applied, its findings
/// after them, and the new text of each file that changed, for the command to write or
/// show as a diff.
public struct FixPass: Sendable {
    /// A file whose text the fixes changed.
    public struct Change: Sendable, Equatable {
        public var input: LintInput
        public var original: String
        public var fixed: String
    }

    /// The findings left in every file once fixed.
    public var report = LintReport()
    /// The files that changed, in the order given.
    public var changes: [Change] = []

    /// Fixes each of `inputs` with `linter`.
    public init(_ inputs: [LintInput], linter: Linter) {
        for input in inputs {
            let result = linter.fix(bytes: input.bytes, path: input.path, filePath: input.filePath)
            report.files.append(result.report)
            let original = String(decoding: input.bytes, as: UTF8.self)
            guard result.applied > 0, result.text != original else { continue }
            changes.append(Change(input: input, original: original, fixed: result.text))
        }
    }

    /// The summary line on stderr: the report's, and how many files changed or would.
    public func summary(dryRun: Bool) -> String {
        let files = "\(changes.count) file\(changes.count == 1 ? "" : "s")"
        return report.summary + (dryRun ? "; \(files) would change" : "; fixed \(files)")
    }
}
