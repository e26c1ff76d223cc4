/// git could not be run, or a git command failed: what was run and what git said.
public struct GitFailure: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
