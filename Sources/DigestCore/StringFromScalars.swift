extension String {
    /// The string of `scalars`.
    ///
    /// `String(String.UnicodeScalarView(scalars))` appends one scalar at a time, checking
    /// and growing the storage each time; the parser and the linter make a string like this
    /// for every word of every issue, so this one encodes them as UTF-8 into storage sized
    /// once. The size is exact: `String(unsafeUninitializedCapacity:)` gives any capacity
    /// over 15 bytes storage of its own on the heap, even when fewer bytes are written, so
    /// room for four bytes a scalar made "Japan" a heap string (allocated, reference counted,
    /// freed) instead of a small one held inline.
    @inlinable
    public init(unicodeScalars scalars: some Collection<Unicode.Scalar>) {
        var utf8Count = 0
        for scalar in scalars { utf8Count += UTF8.width(scalar) }
        self.init(unsafeUninitializedCapacity: utf8Count) { buffer in
            var length = 0
            for scalar in scalars {
                if scalar.value < 0x80 {
                    buffer[length] = UInt8(truncatingIfNeeded: scalar.value)
                    length += 1
                } else {
                    for byte in UTF8.encode(scalar)! {
                        buffer[length] = byte
                        length += 1
                    }
                }
            }
            return length
        }
    }
}
