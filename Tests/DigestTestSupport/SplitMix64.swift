import Foundation

/// A small deterministic random generator (SplitMix64), so a failing fuzz case reproduces
/// from its seed on every machine.
public struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension SplitMix64 {
    /// The generator of a random test, seeded with `DIGEST_TEST_SEED` when it is set (to
    /// replay a failure seen elsewhere) and with the test's own fixed seed otherwise. The
    /// seed is printed either way, so a failing run says how to reproduce it.
    public static func forTest(seed fixed: UInt64, _ test: String = #function) -> SplitMix64 {
        let given = ProcessInfo.processInfo.environment["DIGEST_TEST_SEED"].flatMap { UInt64($0, radix: 16) }
        let seed = given ?? fixed
        print("\(test): random seed \(String(seed, radix: 16)) (replay with DIGEST_TEST_SEED=\(String(seed, radix: 16)))")
        return SplitMix64(seed: seed)
    }
}
