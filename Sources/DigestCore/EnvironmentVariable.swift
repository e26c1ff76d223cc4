#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One variable of the process's environment.
///
/// `ProcessInfo.processInfo.environment` copies the whole environment into a dictionary on
/// every call; `digest lint` asks for a variable a dozen times on its way (the cache folder,
/// word lists, colours), a few hundredths of a millisecond each in every run a hook starts.
public enum EnvironmentVariable {
    /// The value of the variable `name`, or `nil` when it is not set.
    public static func value(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
