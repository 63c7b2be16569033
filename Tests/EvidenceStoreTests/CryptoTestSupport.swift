// Helpers shared by the Crypto*Tests known-answer tests. Named with a `Crypto` prefix so that
// they cannot collide with helpers elsewhere in the test target or in EvidenceStore (which has
// its own `Hex`); the KATs deliberately do not depend on EvidenceStore's encoders.

/// Hex text as printed in the standards, to bytes and back.
enum CryptoKAT {
    /// Decodes hex, ignoring whitespace (so vectors can be typed as the RFCs print them).
    /// Traps on malformed input: a typo in a vector is a bug in the test, not a failure of
    /// the code under test.
    static func bytes(_ hex: String) -> [UInt8] {
        let digits = hex.unicodeScalars.filter { !$0.properties.isWhitespace }
        precondition(digits.count % 2 == 0, "odd number of hex digits in test vector")
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2)
        var high: UInt8?
        for scalar in digits {
            let value: UInt8
            switch scalar.value {
            case 0x30...0x39: value = UInt8(scalar.value - 0x30)
            case 0x61...0x66: value = UInt8(scalar.value - 0x61 + 10)
            case 0x41...0x46: value = UInt8(scalar.value - 0x41 + 10)
            default: preconditionFailure("not a hex digit in test vector: \(scalar)")
            }
            if let h = high {
                out.append(h << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        return out
    }

    static func hex<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// ASCII/UTF-8 bytes of a literal message.
    static func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// `bytes` with bit `bit` (0 = least significant of byte 0) inverted.
    static func flipping(_ bytes: [UInt8], bit: Int) -> [UInt8] {
        var copy = bytes
        copy[bit / 8] ^= UInt8(1) << UInt8(bit % 8)
        return copy
    }
}
