import COpenSSL

/// HMAC-SHA256 (RFC 2104), used to name objects by a keyed hash of their content hash.
public enum HMACSHA256 {
    public static func authenticate(key: SecretBytes, message: [UInt8]) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let result = key.withUnsafeBytes { keyBuffer in
            message.withUnsafeBufferPointer { messageBuffer in
                HMAC(EVP_sha256(), keyBuffer.baseAddress, Int32(keyBuffer.count),
                     messageBuffer.baseAddress, messageBuffer.count, &out, &length)
            }
        }
        guard result != nil, length == 32 else { throw CryptoError.fromOpenSSL("HMAC-SHA256") }
        return out
    }
}
