import Foundation

/// The root of the digest repository the tests are in, found from this file's path
/// (`Tests/DigestTestSupport/ProjectRoot.swift`), so tests read fixtures, the archive and
/// `digest.yaml` from the source tree whichever folder `swift test` runs in.
public let projectRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
