// swift-tools-version: 6.1
import PackageDescription

// The modules a `digest lint` run goes through ask for generic types' metadata by calling
// their accessors with the conformances they know, rather than by mangled name: the runtime
// resolves a mangled name's requirements (a `Set<UInt8>` needs `UInt8: Hashable`) by scanning
// the executable's nine thousand conformance records, once per type, a tenth of a pre-commit
// hook's run. The code is a little larger; what it does is the same.
let directMetadataAccess: [SwiftSetting] = [
    .unsafeFlags(["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"])
]

// digest runs on Linux only (glibc 2.36 or later, as on Debian 12): it reads /proc, runs
// its batch threads with SCHED_BATCH, links with lld's packed relocations, and opens
// libcurl and libresolv by their Linux names. Sources/digest/LinuxOnly.swift stops a
// build anywhere else with that message rather than with the first missing symbol.
let package = Package(
    name: "digest",
    products: [
        .executable(name: "digest", targets: ["digest"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        // DKIM signatures: Ed25519 (Crypto) and RSA PKCS#1 v1.5 and PEM keys (CryptoExtras), on BoringSSL.
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        // The one-click unsubscribe endpoint's HTTP/1 server; no traits (swift-configuration unused).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        // Already in Hummingbird's graph; named so DigestUnsubscribe can use their types.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // `swift package generate-documentation`: the DocC catalogs beside the code, built by .ci/docs.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // The issue model, the format's parser and printer, diagnostics and settings.
        .target(name: "DigestCore", dependencies: ["Yams"], swiftSettings: directMetadataAccess),
        // The archive of past issues, `digest import` and `digest new`.
        .target(name: "DigestArchive", dependencies: ["DigestCore", "DigestProcess"], swiftSettings: directMetadataAccess),
        // The linter engine, its rules and its output formats.
        .target(name: "DigestLint", dependencies: ["DigestCore", "DigestArchive"], swiftSettings: directMetadataAccess),
        // The plain-text, HTML email and web editions, from the templates in Templates/.
        .target(name: "DigestRender", dependencies: ["DigestCore", .product(name: "Mustache", package: "swift-mustache")]),
        // libcurl (Debian's libcurl4-openssl-dev): its headers, and typed shims that open the
        // library the first time digest sends, so no other command pays for loading it.
        .systemLibrary(name: "CCurl"),
        // glibc's stub resolver for `digest dkim check`: typed shims, libresolv's parser opened on first use.
        .systemLibrary(name: "CResolv"),
        // Subscribers, MIME messages, DKIM, unsubscribe tokens and the transports.
        .target(
            name: "DigestMail",
            dependencies: [
                "DigestCore", "CCurl", "CResolv", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ]),
        // The send's crash-safety protocol: the journal, the boot session, reader digests, the sent summary.
        .target(name: "DigestJournal", dependencies: ["DigestCore", .product(name: "Crypto", package: "swift-crypto")]),
        // `digest send`'s job: messages made from the rendered issue, journaled, handed to a transport.
        .target(
            name: "DigestSend", dependencies: ["DigestCore", "DigestRender", "DigestMail", "DigestJournal", "DigestProcess"]),
        // `digest inbox`: the list's mailbox read, reports and requests understood, the list changed once.
        .target(name: "DigestInbox", dependencies: ["DigestCore", "DigestMail", "DigestJournal", "CCurl"]),
        // `digest site`: the static site of the archive (index, pages, feed, sitemap, PDFs), built incrementally.
        .target(name: "DigestSite", dependencies: ["DigestCore", "DigestArchive", "DigestRender", "DigestProcess"]),
        // `digest unsubscribe-server`: RFC 8058 one-click requests logged durably, then applied to the list.
        .target(
            name: "DigestUnsubscribe",
            dependencies: [
                "DigestCore", "DigestMail", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // Running another program to its end, its output and errors read without stalling it.
        .target(name: "DigestProcess"),
        // The command-line interface: one file per subcommand, no logic of its own.
        .executableTarget(
            name: "digest",
            dependencies: [
                "DigestCore", "DigestArchive", "DigestLint", "DigestRender", "DigestMail", "DigestSend", "DigestProcess",
                "DigestInbox", "DigestSite", "DigestUnsubscribe", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: directMetadataAccess,
            // Linked by the toolchain's lld with packed relative relocations (RELR, glibc 2.36+):
            // a position-independent executable keeps its address randomisation, but the
            // static runtime's 80,000 relocations no longer sit in a 1.9 MB table that every
            // run reads, which took 1.3 MB off a send's peak memory. And without the static
            // runtime's default of exporting every symbol of every module: 32,000 names that
            // nothing loads by name, whose 2.7 MB symbol table the loader searched for each of
            // libcurl's symbols, and which kept unused code from being dropped (1.7 MB off
            // `digest --version`, 2.7 MB off a send).
            linkerSettings: [
                .unsafeFlags(
                    ["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs", "-Xlinker", "--no-export-dynamic"],
                    .when(platforms: [.linux]))
            ]
        ),
        // `swift run -c release render-benchmark`: personalised copies rendered per second.
        .executableTarget(name: "render-benchmark", dependencies: ["DigestRender"], path: "Tests/Benchmarks/RenderBenchmark"),
        .testTarget(name: "DigestCoreTests", dependencies: ["DigestCore", "DigestTestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "DigestArchiveTests", dependencies: ["DigestArchive", "DigestTestSupport"]),
        .testTarget(name: "DigestLintTests", dependencies: ["DigestLint", "DigestTestSupport"], exclude: ["Fixtures"]),
        .testTarget(
            name: "DigestRenderTests", dependencies: ["DigestRender", "DigestArchive", "DigestTestSupport"], exclude: ["Snapshots"]),
        // What the test targets share: the repository's root and settings, golden files, loopback
        // servers (Python, in Servers/), free ports, Python checks.
        .target(
            name: "DigestTestSupport", dependencies: ["DigestCore", "DigestProcess"], path: "Tests/DigestTestSupport", exclude: ["Servers"]),
        .testTarget(name: "DigestMailTests", dependencies: ["DigestMail", "DigestTestSupport"]),
        .testTarget(name: "DigestJournalTests", dependencies: ["DigestJournal", "DigestMail", "DigestTestSupport"]),
        .testTarget(
            name: "DigestUnsubscribeTests", dependencies: ["DigestUnsubscribe", "DigestMail", "DigestCore", "DigestTestSupport", "digest"]),
        .testTarget(name: "DigestInboxTests", dependencies: ["DigestInbox", "DigestJournal", "DigestTestSupport"]),
        .testTarget(name: "DigestSendTests", dependencies: ["DigestSend", "DigestJournal", "DigestArchive", "DigestTestSupport"]),
        .testTarget(name: "DigestSiteTests", dependencies: ["DigestSite", "DigestArchive", "DigestTestSupport"]),
        .testTarget(name: "digestTests", dependencies: ["digest", "DigestCore", "DigestTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
