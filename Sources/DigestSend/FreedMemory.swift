#if canImport(Glibc)
    import Glibc
#endif

/// Gives freed memory back to the system. glibc's malloc keeps what a thread frees in that
/// thread's arena, and a send frees a message of tens of kilobytes on one thread after
/// making it on another, several threads at once: without this the pages of messages long
/// sent stay resident, about 50 bytes a message (5 MB over 100,000 signed ones), and the
/// summary written at the end of the send comes on top of them.
enum FreedMemory {
    /// Messages between two releases during a send: a release walks every arena's free
    /// chunks under its lock, a few milliseconds, so it is done rarely.
    static let messagesBetweenReleases = 8_192

    static func release() {
        _ = trim?(0)
    }

    /// glibc's `malloc_trim`, which Swift's Glibc module leaves out (it is in <malloc.h>);
    /// `nil` on other systems.
    private static let trim: (@convention(c) (Int) -> Int32)? = {
        #if canImport(Glibc)
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
            return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        #else
            return nil
        #endif
    }()
}
