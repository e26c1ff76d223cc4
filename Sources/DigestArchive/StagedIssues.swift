import DigestProcess
import Foundation

/// The `.issue` files staged in git, read from the index rather than the working tree, so
/// a pre-commit hook checks exactly what is about to be committed.
public enum StagedIssues {
    /// One staged issue: its name for the editor, its absolute path, and its staged bytes.
    public struct File: Sendable, Equatable {
        public var path: String
        public var filePath: String
        public var bytes: [UInt8]
    }

    /// The staged (added, copied, modified or renamed) `.issue` files of the repository at `root`.
    public static func read(root: URL) throws(GitFailure) -> [File] {
        let top = try git(["rev-parse", "--show-toplevel"], in: root).trimmingCharacters(in: .newlines)
        let names = try git(["diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR"], in: root)
            .split(separator: "\0").map(String.init).filter { $0.hasSuffix(".issue") }
        var files: [File] = []
        for name in names {
            let url = URL(fileURLWithPath: top).appendingPathComponent(name)
            let bytes = try gitData(["show", ":\(name)"], in: root)
            files.append(File(path: displayPath(of: url), filePath: url.standardizedFileURL.path, bytes: Array(bytes)))
        }
        return files
    }

    /// What `git arguments…` printed, run in `folder`.
    static func git(_ arguments: [String], in folder: URL) throws(GitFailure) -> String {
        String(decoding: try gitData(arguments, in: folder), as: UTF8.self)
    }

    static func gitData(_ arguments: [String], in folder: URL) throws(GitFailure) -> Data {
        let result: ChildProcess.Result
        do {
            result = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["git"] + arguments, in: folder)
        } catch {
            throw GitFailure("cannot run git (\(error.localizedDescription)); --staged needs git")
        }
        guard result.status == 0 else {
            throw GitFailure("git \(arguments.joined(separator: " ")) failed: \(result.errorText)")
        }
        return result.output
    }
}
