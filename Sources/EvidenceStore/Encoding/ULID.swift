import Foundation

/// Prefixed ULIDs (`case_01JD…`, `itm_01JD…`): 48 bits of milliseconds since 1970 and
/// 80 random bits, in Crockford base32. Readable parts of the ledger carry only these.
public enum ULID {
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    public static func make(prefix: String, date: Date = Date()) throws -> String {
        let milliseconds = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        let random = try SecureRandom.bytes(10)
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (8 * (5 - index))) }
        for index in 0..<10 { bytes[6 + index] = random[index] }
        return prefix + "_" + encode(bytes)
    }

    /// 128 bits → 26 characters, most significant first (the top two bits are zero padding).
    static func encode(_ bytes: [UInt8]) -> String {
        var value = (UInt64(0), UInt64(0))
        for index in 0..<8 { value.0 = value.0 << 8 | UInt64(bytes[index]) }
        for index in 8..<16 { value.1 = value.1 << 8 | UInt64(bytes[index]) }
        var out = [UInt8](repeating: 0, count: 26)
        for position in (0..<26).reversed() {
            let digit = Int(value.1 & 0x1F)
            out[position] = alphabet[digit]
            value.1 = (value.1 >> 5) | ((value.0 & 0x1F) << 59)
            value.0 >>= 5
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// True for `<prefix>_` followed by 26 Crockford base32 characters.
    public static func isValid(_ id: String, prefix: String) -> Bool {
        let expected = prefix + "_"
        guard id.hasPrefix(expected) else { return false }
        let body = Array(id.utf8.dropFirst(expected.utf8.count))
        guard body.count == 26, let first = body.first, first <= UInt8(ascii: "7") else { return false }
        return body.allSatisfy { alphabet.contains($0) }
    }
}
