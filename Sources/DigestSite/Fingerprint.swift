import DigestCore
import Foundation

/// A fingerprint of what a file of the site is made from: 64-bit FNV-1a over each part,
/// each part's length mixed in so that two parts cannot run together. Not a defence against
/// anyone: it tells a changed input from an unchanged one.
struct Fingerprint {
    private var hasher = FNV1a()

    mutating func add(_ bytes: some Collection<UInt8>) {
        hasher.combine(word: UInt64(bytes.count))
        for byte in bytes { hasher.combine(byte) }
    }

    mutating func add(_ text: String) {
        add(text.utf8)
    }

    mutating func add(_ value: UInt64) {
        hasher.combine(word: value)
    }

    /// The fingerprint as 16 hexadecimal digits, as the manifest keeps it.
    var hex: String {
        let digits = String(hasher.value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The fingerprint of `data`'s bytes, read in place: `Data`'s own iterator costs a call a byte.
    static func of(_ data: Data) -> UInt64 {
        data.withUnsafeBytes { of($0) }
    }

    /// The fingerprint of `data`'s bytes in hexadecimal.
    static func hex(of data: Data) -> String {
        var fingerprint = Fingerprint()
        data.withUnsafeBytes { fingerprint.add($0) }
        return fingerprint.hex
    }

    static func of(_ bytes: some Collection<UInt8>) -> UInt64 {
        var fingerprint = Fingerprint()
        fingerprint.add(bytes)
        return fingerprint.hasher.value
    }
}
