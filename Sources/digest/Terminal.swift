import DigestCore
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
        if EnvironmentVariable.value("NO_COLOR") != nil { return false }
        if EnvironmentVariable.value("CLICOLOR_FORCE").map({ $0 != "0" }) == true { return true }
        return isatty(descriptor) == 1 && EnvironmentVariable.value("TERM") != "dumb"
    }
}
