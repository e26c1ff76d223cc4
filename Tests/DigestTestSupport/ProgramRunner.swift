import DigestProcess
import Foundation

/// What running a program gave.
public struct ProgramResult: Sendable {
    public var status: Int32
    public var output: String
    public var errors: String
}

/// Runs a program (a path, or a name found on PATH) in a folder, with extra environment
/// variables, and returns what it printed.
public func runProgram(_ arguments: [String], in folder: URL? = nil, environment: [String: String] = [:]) throws -> ProgramResult {
    let result = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), arguments, in: folder, environment: environment)
    return ProgramResult(
        status: result.status, output: String(decoding: result.output, as: UTF8.self),
        errors: String(decoding: result.errors, as: UTF8.self))
}
