import COpenSSL

/// HKDF-SHA256 (RFC 5869), extract-then-expand.
public enum HKDF {
    public static func derive(key: SecretBytes, salt: [UInt8] = [], info: [UInt8], length: Int = 32) throws -> SecretBytes {
        try key.withUnsafeBytes { try derive(ikm: $0, salt: salt, info: info, length: length) }
    }

    public static func derive(ikm: UnsafeRawBufferPointer, salt: [UInt8], info: [UInt8], length: Int) throws -> SecretBytes {
        guard let context = EVP_PKEY_CTX_new_id(evidence_pkey_hkdf(), nil) else {
            throw CryptoError.fromOpenSSL("EVP_PKEY_CTX_new_id(HKDF)")
        }
        defer { EVP_PKEY_CTX_free(context) }
        try check(EVP_PKEY_derive_init(context), "HKDF init")
        try check(EVP_PKEY_CTX_set_hkdf_md(context, EVP_sha256()), "HKDF md")
        // OpenSSL rejects a NULL salt pointer; RFC 5869 treats an absent salt as
        // HashLen zero bytes, which is what OpenSSL does for a zero-length salt.
        var saltBytes = salt
        if saltBytes.isEmpty { saltBytes = [0] }
        try check(saltBytes.withUnsafeBufferPointer {
            EVP_PKEY_CTX_set1_hkdf_salt(context, $0.baseAddress, Int32(salt.count))
        }, "HKDF salt")
        try check(EVP_PKEY_CTX_set1_hkdf_key(context, ikm.baseAddress?.assumingMemoryBound(to: UInt8.self),
                                             Int32(ikm.count)), "HKDF key")
        if !info.isEmpty {
            try check(info.withUnsafeBufferPointer {
                EVP_PKEY_CTX_add1_hkdf_info(context, $0.baseAddress, Int32(info.count))
            }, "HKDF info")
        }
        let out = SecretBytes(count: length)
        var outLength = length
        try out.withMutableBytes { buffer in
            try check(EVP_PKEY_derive(context, buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), &outLength),
                      "HKDF derive")
        }
        guard outLength == length else { throw CryptoError.library("HKDF returned \(outLength) bytes") }
        return out
    }
}

extension String {
    /// UTF-8 bytes, for HKDF info labels and other byte-string constants.
    var utf8Bytes: [UInt8] { Array(utf8) }
}
