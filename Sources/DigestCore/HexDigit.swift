/// A hexadecimal digit (0–15) as an ASCII byte: quoted-printable and percent-encoding write
/// capitals, unsubscribe tokens and the send journal's checksums lowercase.
package enum HexDigit {
    @inlinable @inline(__always)
    package static func uppercase(_ value: UInt8) -> UInt8 { value < 10 ? value + 48 : value + 55 }

    @inlinable @inline(__always)
    package static func lowercase(_ value: UInt8) -> UInt8 { value < 10 ? value + 48 : value + 87 }
}
