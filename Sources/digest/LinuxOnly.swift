// digest relies on Linux itself, not only on POSIX: /proc/self/exe and the boot ID in
// /proc, SCHED_BATCH threads, lld's packed relocations, libcurl and libresolv opened by
// their Linux sonames. A build elsewhere would fail later and less clearly.
#if !os(Linux)
    #error("digest runs on Linux only (see Package.swift)")
#endif
