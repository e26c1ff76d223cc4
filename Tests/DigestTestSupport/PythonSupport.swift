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
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script, folder.path]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
}
