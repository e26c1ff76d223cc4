/// A hexadecimal digit (0–15) as an ASCII byte: quoted-printable and percent-encoding write
/// capitals, unsubscribe tokens lowercase.
enum HexDigit {
    @inline(__always)
    static func uppercase(_ value: UInt8) -> UInt8 { value < 10 ? value + 48 : value + 55 }

    @inline(__always)
    static func lowercase(_ value: UInt8) -> UInt8 { value < 10 ? value + 48 : value + 87 }
}
