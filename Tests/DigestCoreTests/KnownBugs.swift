import Testing

/// Bugs in DigestCore that tests mark with `withKnownIssue`, described once so every test
/// that meets them says the same. When a fix lands, the marked tests fail with "known issue
/// was not recorded": remove the marker and the entry here.
enum KnownBugs {}
