import DigestSend
import Foundation
import Testing

/// The lint check a send starts, with a script in place of `digest lint` that answers as it would.
@Suite("the lint check before a send")
struct SendLintCheckTests {
    /// A script that prints `output`, writes `errors` to stderr and exits with `status`, whatever its arguments.
    func linter(output: String, errors: String = "", status: Int32) throws -> URL {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("lint-\(UUID().uuidString).sh")
        try """
        #!/bin/sh
        [ "$1 $2 $3" = "lint --format json" ] || { echo "called as: $*" >&2; exit 3; }
        printf '%s' '\(output)'
        printf '%s' '\(errors)' >&2
        exit \(status)
        """.write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: script.path)
        return script
    }

    @Test("each JSON finding becomes the line the editor's terminal shows, with its severity and rule")
    func findings() throws {
        let script = try linter(
            output:
                #"[{"path":"Drafts/a.issue","line":3,"column":7,"severity":"warning","rule":"placeholder","message":"TODO left in the text"},{"severity":"error","message":"no date"}]"#,
            status: 1)
        defer { try? FileManager.default.removeItem(at: script) }
        let check = try SendLintCheck(path: "Drafts/a.issue", executable: script)
        #expect(
            try check.findings() == [
                .init(severity: "warning", rule: "placeholder", text: "Drafts/a.issue:3:7: warning: TODO left in the text [placeholder]"),
                .init(severity: "error", rule: "", text: "Drafts/a.issue:1:1: error: no date []"),
            ])
    }

    @Test("exit 2 is the linter's own usage error, passed on as it is; no report is a usage error saying what to do")
    func failures() throws {
        let usage = try linter(output: "", errors: "digest.yaml:4:1: error: unknown key", status: 2)
        let silent = try linter(output: "Segmentation fault", status: 139)
        defer { for script in [usage, silent] { try? FileManager.default.removeItem(at: script) } }
        let passedOn = #expect(throws: SendFailure.self) { try SendLintCheck(path: "a.issue", executable: usage).findings() }
        #expect(passedOn?.message == "digest.yaml:4:1: error: unknown key" && passedOn?.code == 2 && passedOn?.isDiagnostic == true)
        let none = #expect(throws: SendFailure.self) { try SendLintCheck(path: "a.issue", executable: silent).findings() }
        #expect(none?.message == "`digest lint` gave no report on a.issue; run it yourself to see why" && none?.code == 2)
    }

    @Test("the check runs this very program: the target of /proc/self/exe, read with readlink(2)")
    func executable() throws {
        let target = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        #expect(SendLintCheck.executable.path == target)
        #expect(!SendLintCheck.executable.hasDirectoryPath)
    }
}
