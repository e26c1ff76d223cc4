import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the terminal can show.
enum Terminal {
    /// Colours on a terminal, unless `NO_COLOR` is set (https://no-color.org).
    static func wantsColor(onFileDescriptor descriptor: Int32 = STDOUT_FILENO) -> Bool {
        let environment = ProcessInfo.processInfo.environment
        if environment["NO_COLOR"] != nil { return false }
        if environment["CLICOLOR_FORCE"].map({ $0 != "0" }) == true { return true }
        return isatty(descriptor) == 1 && environment["TERM"] != "dumb"
    }
}
