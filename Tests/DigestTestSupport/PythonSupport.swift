import Foundation

/// Whether `python3` can import these modules here (`.ci/setup --test` installs them).
public func pythonCanImport(_ modules: String) -> Bool {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", "import \(modules)"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
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
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script] + arguments
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    // Standard error is read on another thread, so neither pipe can fill and stall Python.
    let errorText = ErrorText()
    let done = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
        errorText.value = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        done.signal()
    }
    let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    done.wait()
    process.waitUntilExit()
    return (printed, errorText.value)
}

private final class ErrorText: @unchecked Sendable {
    var value = ""
}
