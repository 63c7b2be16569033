import COpenSSL

/// Ed25519 signatures (RFC 8032, pure variant): ledger entries and checkpoints.
public enum Ed25519 {
    public static let keySize = 32
    public static let signatureSize = 64

    public struct PrivateKey: Sendable {
        /// The 32-byte seed of RFC 8032.
        public let seed: SecretBytes
        public let publicKey: [UInt8]

        public init(seed: SecretBytes) throws {
            guard seed.count == Ed25519.keySize else { throw CryptoError.invalidKey("an Ed25519 private key is 32 bytes") }
            self.seed = seed
            let key = try Ed25519.makeKey(seed: seed)
            defer { EVP_PKEY_free(key) }
            var out = [UInt8](repeating: 0, count: Ed25519.keySize)
            var length = Ed25519.keySize
            try check(EVP_PKEY_get_raw_public_key(key, &out, &length), "Ed25519 public key")
            self.publicKey = out
        }

        public static func generate() throws -> PrivateKey {
            try PrivateKey(seed: SecretBytes.random(count: Ed25519.keySize))
        }

        public func sign(_ message: [UInt8]) throws -> [UInt8] {
            let key = try Ed25519.makeKey(seed: seed)
            defer { EVP_PKEY_free(key) }
            guard let context = EVP_MD_CTX_new() else { throw CryptoError.fromOpenSSL("EVP_MD_CTX_new") }
            defer { EVP_MD_CTX_free(context) }
            try check(EVP_DigestSignInit(context, nil, nil, nil, key), "Ed25519 sign init")
            var signature = [UInt8](repeating: 0, count: Ed25519.signatureSize)
            var length = Ed25519.signatureSize
            try check(message.withUnsafeBufferPointer {
                EVP_DigestSign(context, &signature, &length, $0.baseAddress, $0.count)
            }, "Ed25519 sign")
            return signature
        }
    }

    /// True only for a valid signature by `publicKey` over `message`.
    public static func isValid(signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        guard signature.count == signatureSize, publicKey.count == keySize else { return false }
        guard let key = EVP_PKEY_new_raw_public_key(evidence_pkey_ed25519(), nil, publicKey, publicKey.count) else {
            ERR_clear_error()
            return false
        }
        defer { EVP_PKEY_free(key) }
        guard let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestVerifyInit(context, nil, nil, nil, key) == 1 else {
            ERR_clear_error()
            return false
        }
        let result = message.withUnsafeBufferPointer {
            EVP_DigestVerify(context, signature, signature.count, $0.baseAddress, $0.count)
        }
        ERR_clear_error()
        return result == 1
    }

    static func makeKey(seed: SecretBytes) throws -> OpaquePointer {
        let key = seed.withUnsafeBytes { buffer in
            EVP_PKEY_new_raw_private_key(evidence_pkey_ed25519(), nil,
                                         buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), buffer.count)
        }
        guard let key else { throw CryptoError.fromOpenSSL("Ed25519 private key") }
        return key
    }
}
