import Foundation

/// The git commands `digest publish` runs in the repository's folder.
struct Git: Sendable {
    let root: URL

    /// Whether the folder is inside a git work tree (and git is installed).
    var isWorkTree: Bool {
        let result = run(["rev-parse", "--is-inside-work-tree"])
        return result.status == 0 && result.output.hasPrefix("true")
    }

    /// Whether git tracks the file.
    func tracks(_ file: URL) -> Bool {
        run(["ls-files", "--error-unmatch", "--", file.path]).status == 0
    }

    /// Runs `git -C ROOT arguments…`; status 127 when git cannot be started.
    func run(_ arguments: [String]) -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", root.path] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return (127, "", "cannot run git (\(error.localizedDescription))")
        }
        // These commands print a line or two, far below a pipe's buffer; read both, then wait.
        let errorData = Data(errors.fileHandleForReading.readDataToEndOfFile())
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: outputData, as: UTF8.self),
            String(decoding: errorData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        )
    }
}
