/// SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104), for the journal's reader digests and
/// the unsubscribe tokens.
///
/// Written here rather than taken from libcrypto: linked into digest, libcrypto's 21,000
/// relocations were most of the dynamic loader's work in every command, the pre-commit
/// hook's `digest lint` included, for two functions only `digest send` and
/// `digest subscribers` use. Checked against the FIPS and RFC 4231 test vectors and, for the
/// tokens, against Python's `hmac`.
enum SHA256 {
    static let blockSize = 64

    /// The digest of `message`: 32 bytes.
    static func hash(_ message: [UInt8]) -> [UInt8] {
        digest(of: message, continuing: initialState, after: 0)
    }

    /// The digest of `earlier` bytes (whole blocks) already compressed into `state`, followed by `message`.
    private static func digest(of message: [UInt8], continuing state: [UInt32], after earlier: Int) -> [UInt8] {
        var state = state
        let whole = message.count / blockSize * blockSize
        message.withUnsafeBufferPointer { bytes in
            var offset = 0
            while offset < whole {
                compress(&state, UnsafeBufferPointer(rebasing: bytes[offset..<offset + blockSize]))
                offset += blockSize
            }
        }
        // The rest, a 1 bit, zeros, and the length in bits: one block or two.
        var tail = Array(message[whole...])
        tail.append(0x80)
        while tail.count % blockSize != blockSize - 8 { tail.append(0) }
        let bits = UInt64(earlier + message.count) &* 8
        for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
        tail.withUnsafeBufferPointer { bytes in
            var offset = 0
            while offset < bytes.count {
                compress(&state, UnsafeBufferPointer(rebasing: bytes[offset..<offset + blockSize]))
                offset += blockSize
            }
        }
        var digest: [UInt8] = []
        digest.reserveCapacity(32)
        for word in state {
            digest += [
                UInt8(word >> 24), UInt8(truncatingIfNeeded: word >> 16), UInt8(truncatingIfNeeded: word >> 8),
                UInt8(truncatingIfNeeded: word),
            ]
        }
        return digest
    }

    /// The state after one 64-byte block compressed into the initial one.
    private static func state(afterBlock block: [UInt8]) -> [UInt32] {
        var state = initialState
        block.withUnsafeBufferPointer { compress(&state, $0) }
        return state
    }

    /// HMAC-SHA256 of `message` under `key` (RFC 2104): 32 bytes.
    static func hmac(key: [UInt8], message: [UInt8]) -> [UInt8] {
        HMACKey(key).authenticate(message)
    }

    /// An HMAC-SHA256 key with its two padded blocks compressed once: each message then
    /// costs two compressions rather than four (one for every reader of a send).
    struct HMACKey: Sendable {
        private let inner: [UInt32]
        private let outer: [UInt32]

        init(_ key: [UInt8]) {
            var block = key.count > blockSize ? hash(key) : key
            block += [UInt8](repeating: 0, count: blockSize - block.count)
            inner = SHA256.state(afterBlock: block.map { $0 ^ 0x36 })
            outer = SHA256.state(afterBlock: block.map { $0 ^ 0x5C })
        }

        func authenticate(_ message: [UInt8]) -> [UInt8] {
            let innerDigest = digest(of: message, continuing: inner, after: blockSize)
            return digest(of: innerDigest, continuing: outer, after: blockSize)
        }
    }

    private static let initialState: [UInt32] = [
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
    ]

    private static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    @inline(__always)
    private static func rotate(_ value: UInt32, _ count: UInt32) -> UInt32 {
        value >> count | value << (32 - count)
    }

    /// One 64-byte block into the state. The message schedule lives on the stack: this runs
    /// for every reader of a list, more than once.
    private static func compress(_ state: inout [UInt32], _ block: UnsafeBufferPointer<UInt8>) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
            for index in 0..<16 {
                schedule[index] =
                    UInt32(block[index * 4]) << 24 | UInt32(block[index * 4 + 1]) << 16 | UInt32(block[index * 4 + 2]) << 8
                    | UInt32(block[index * 4 + 3])
            }
            for index in 16..<64 {
                let s0 = rotate(schedule[index - 15], 7) ^ rotate(schedule[index - 15], 18) ^ (schedule[index - 15] >> 3)
                let s1 = rotate(schedule[index - 2], 17) ^ rotate(schedule[index - 2], 19) ^ (schedule[index - 2] >> 10)
                schedule[index] = schedule[index - 16] &+ s0 &+ schedule[index - 7] &+ s1
            }
            var (a, b, c, d, e, f, g, h) = (state[0], state[1], state[2], state[3], state[4], state[5], state[6], state[7])
            for index in 0..<64 {
                let s1 = rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)
                let choice = (e & f) ^ (~e & g)
                let t1 = h &+ s1 &+ choice &+ roundConstants[index] &+ schedule[index]
                let s0 = rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)
                let majority = (a & b) ^ (a & c) ^ (b & c)
                let t2 = s0 &+ majority
                (h, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
            }
            state[0] &+= a
            state[1] &+= b
            state[2] &+= c
            state[3] &+= d
            state[4] &+= e
            state[5] &+= f
            state[6] &+= g
            state[7] &+= h
        }
    }
}
