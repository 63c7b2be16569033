import Foundation

/// Small, strict building blocks shared by the note, key and checkpoint parsers.
enum NoteFormat {
    static let newline = UInt8(ascii: "\n")

    /// `name+hex8`, how keys are named in errors and reports.
    static func identity(_ name: String, _ keyID: UInt32) -> String {
        "\(name)+\(hex(keyID))"
    }

    /// Fixed-width lowercase hex of a key ID, as the spec requires.
    static func hex(_ keyID: UInt32) -> String {
        let digits = String(keyID, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }

    /// Exactly eight lowercase hex digits; `UInt32(_:radix:)` alone would also take
    /// upper case, a sign and shorter strings, so several spellings could name one key.
    static func parseKeyID<S: StringProtocol>(_ text: S) -> UInt32? {
        let bytes = Array(text.utf8)
        guard bytes.count == 8,
              bytes.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else { return nil }
        return UInt32(String(decoding: bytes, as: UTF8.self), radix: 16)
    }

    /// Standard base64 (RFC 4648 §4), canonical only: padding present, no whitespace and
    /// zero unused bits. Foundation alone accepts some non-canonical forms (it decodes
    /// "YW=j"), so the result must re-encode to the input: one value, one spelling.
    static func decodeBase64<S: StringProtocol>(_ text: S) -> [UInt8]? {
        let string = String(text)
        guard let data = Data(base64Encoded: string), data.base64EncodedString() == string else { return nil }
        return Array(data)
    }

    static func encodeBase64(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }

    /// Key names must be non-empty, without Unicode white space or "+" (the spec), and
    /// without ASCII control characters, which could never appear in a note anyway.
    static func isValidKeyName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { scalar in
            scalar != "+" && !scalar.properties.isWhitespace && scalar.value >= 0x20
        }
    }

    /// The first ASCII control character other than newline, if any. Notes forbid them.
    static func firstControlCharacter<C: Collection>(in bytes: C) -> C.Index? where C.Element == UInt8 {
        bytes.firstIndex { $0 < 0x20 && $0 != newline }
    }

    /// Swift's `==` on strings compares canonical equivalence; key names, origins and
    /// signed text are compared byte for byte, as they are signed and hashed.
    static func sameBytes(_ a: String, _ b: String) -> Bool {
        a.utf8.elementsEqual(b.utf8)
    }
}
