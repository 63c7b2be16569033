import Foundation

/// Standard base64 (RFC 4648 §4) with padding, decoded strictly: only the one encoding
/// we would have written is accepted, so a stored value has exactly one byte form.
public enum Base64 {
    public static func encode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        Data(bytes).base64EncodedString()
    }

    public static func decode(_ text: String) -> [UInt8]? {
        guard let data = Data(base64Encoded: text) else { return nil }
        let bytes = [UInt8](data)
        guard encode(bytes) == text else { return nil }
        return bytes
    }
}
