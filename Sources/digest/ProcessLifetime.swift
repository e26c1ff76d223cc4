/// Values kept until the process ends instead of being freed one object at a time.
///
/// A command that is about to exit has no use for tearing down what it built: freeing the
/// parsed archive of 1,000 issues took `digest lint` about 80 ms on one core after the
/// report was printed. (Compilers do the same; clang calls it `-disable-free`.) Only for
/// values a command builds once and holds to its end.
enum ProcessLifetime {
    nonisolated(unsafe) private static var kept: [Any] = []

    /// Keeps `value` alive until the process exits. Called on the command's own thread.
    static func keep(_ value: Any) {
        kept.append(value)
    }
}
