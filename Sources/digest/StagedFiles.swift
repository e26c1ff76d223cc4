import DigestArchive
import DigestCore
import DigestProcess
import Foundation

/// The `.issue` files staged in git, read from the index rather than the working tree, so
/// a pre-commit hook checks exactly what is about to be committed.
enum StagedFiles {
    static func read(in repository: Repository) throws -> [LintInput] {
        let top = try git(["rev-parse", "--show-toplevel"], in: repository.root).trimmingCharacters(in: .newlines)
        let names = try git(["diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR"], in: repository.root)
            .split(separator: "\0").map(String.init).filter { $0.hasSuffix(".issue") }
        return try names.map { name in
            let url = URL(fileURLWithPath: top).appendingPathComponent(name)
            let bytes = try gitData(["show", ":\(name)"], in: repository.root)
            return LintInput(path: displayPath(of: url), filePath: url.standardizedFileURL.path, bytes: Array(bytes))
        }
    }

    static func git(_ arguments: [String], in folder: URL) throws -> String {
        String(decoding: try gitData(arguments, in: folder), as: UTF8.self)
    }

    static func gitData(_ arguments: [String], in folder: URL) throws -> Data {
        let result: ChildProcess.Result
        do {
            result = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["git"] + arguments, in: folder)
        } catch {
            throw CommandFailure.usage("cannot run git (\(error.localizedDescription)); --staged needs git")
        }
        guard result.status == 0 else {
            throw CommandFailure.usage("git \(arguments.joined(separator: " ")) failed: \(result.errorText)")
        }
        return result.output
    }
}
