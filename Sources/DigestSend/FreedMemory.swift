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

    /// Has every thread allocate from the one arena the process starts with. By default
    /// glibc gives each thread that meets a locked arena one of its own, up to eight per
    /// core: a send's connections, its message maker and its journal flusher made five,
    /// each holding up to a megabyte of free chunks that the main thread, building the
    /// summary at the end, could not reuse. Called before any thread starts (the lint
    /// check's pipe readers are the first): an arena, once made, stays, and later threads
    /// are handed out among those there are, whatever the limit says.
    static func shareOneArena() {
        _ = option?(arenaMax, 1)
    }

    /// `M_ARENA_MAX` in <malloc.h>.
    private static let arenaMax: Int32 = -8

    /// glibc's `malloc_trim`, which Swift's Glibc module leaves out (it is in <malloc.h>);
    /// `nil` on other systems.
    private static let trim: (@convention(c) (Int) -> Int32)? = symbol("malloc_trim")

    /// glibc's `mallopt`, left out for the same reason.
    private static let option: (@convention(c) (Int32, Int32) -> Int32)? = symbol("mallopt")

    private static func symbol<Function>(_ name: String) -> Function? {
        #if canImport(Glibc)
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
            return unsafeBitCast(symbol, to: Function.self)
        #else
            return nil
        #endif
    }
}
