extension String {
    /// The string of `scalars`.
    ///
    /// `String(String.UnicodeScalarView(scalars))` appends one scalar at a time, checking
    /// and growing the storage each time; the parser and the linter make a string like this
    /// for every word of every issue, so this one encodes them as UTF-8 into storage sized
    /// once.
    @inlinable
    public init(unicodeScalars scalars: some Collection<Unicode.Scalar>) {
        self.init(unsafeUninitializedCapacity: scalars.count * 4) { buffer in
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
