import Foundation

/// Whether `python3` can import these modules here (`.ci/setup --test` installs them).
public func pythonCanImport(_ modules: String) -> Bool {
    (try? runProgram(["python3", "-c", "import \(modules)"]))?.status == 0
}

/// Python's `email` package (policy default) reads each message; returns the defects it found.
public func emailDefects(_ messages: [Data]) throws -> [String] {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-parse-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for (index, message) in messages.enumerated() { try message.write(to: folder.appendingPathComponent("\(index).eml")) }
    let script = """
        import email, email.policy, glob, sys
        for name in sorted(glob.glob(sys.argv[1] + "/*.eml")):
            message = email.message_from_bytes(open(name, "rb").read(), policy=email.policy.default)
            for part in message.walk():
                for defect in part.defects:
                    print(name, type(defect).__name__)
        """
    return try runPython(script, [folder.path]).output.split(separator: "\n").map(String.init)
}

/// Runs a Python script with arguments; returns what it printed on each stream.
public func runPython(_ script: String, _ arguments: [String]) throws -> (output: String, errors: String) {
    let result = try runProgram(["python3", "-c", script] + arguments)
    return (result.output, result.errors)
}
