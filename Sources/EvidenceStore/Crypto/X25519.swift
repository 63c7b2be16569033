import COpenSSL

/// X25519 key agreement (RFC 7748), used to seal keys to a user's or the auditors' public key.
public enum X25519 {
    public static let keySize = 32

    public struct PrivateKey: Sendable {
        public let secret: SecretBytes
        public let publicKey: [UInt8]

        public init(secret: SecretBytes) throws {
            guard secret.count == X25519.keySize else { throw CryptoError.invalidKey("an X25519 private key is 32 bytes") }
            self.secret = secret
            self.publicKey = try X25519.publicKey(of: secret)
        }

        public static func generate() throws -> PrivateKey {
            try PrivateKey(secret: SecretBytes.random(count: X25519.keySize))
        }

        /// The raw shared secret X25519(self, peer). Callers must run it through HKDF.
        public func sharedSecret(with peerPublicKey: [UInt8]) throws -> SecretBytes {
            guard peerPublicKey.count == X25519.keySize else { throw CryptoError.invalidKey("an X25519 public key is 32 bytes") }
            let own = try X25519.makeKey(secret: secret)
            defer { EVP_PKEY_free(own) }
            guard let peer = EVP_PKEY_new_raw_public_key(evidence_pkey_x25519(), nil, peerPublicKey, peerPublicKey.count) else {
                throw CryptoError.invalidKey("not an X25519 public key")
            }
            defer { EVP_PKEY_free(peer) }
            guard let context = EVP_PKEY_CTX_new(own, nil) else { throw CryptoError.fromOpenSSL("EVP_PKEY_CTX_new") }
            defer { EVP_PKEY_CTX_free(context) }
            try check(EVP_PKEY_derive_init(context), "X25519 derive init")
            try check(EVP_PKEY_derive_set_peer(context, peer), "X25519 peer")
            let out = SecretBytes(count: X25519.keySize)
            var length = X25519.keySize
            let derived = out.withMutableBytes { buffer in
                EVP_PKEY_derive(context, buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), &length)
            }
            // An all-zero result means the peer sent a small-order point (RFC 7748 §6.1). OpenSSL 3
            // refuses that itself: with both keys set and a 32-byte buffer, an all-zero result is
            // the only way this derive fails. Either way it is the peer key's fault.
            guard derived == 1 else {
                ERR_clear_error()
                throw CryptoError.invalidKey("X25519 produced the all-zero secret")
            }
            let allZero = out.withUnsafeBytes { $0.allSatisfy { $0 == 0 } }
            if allZero { throw CryptoError.invalidKey("X25519 produced the all-zero secret") }
            return out
        }
    }

    static func makeKey(secret: SecretBytes) throws -> OpaquePointer {
        let key = secret.withUnsafeBytes { buffer in
            EVP_PKEY_new_raw_private_key(evidence_pkey_x25519(), nil,
                                         buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), buffer.count)
        }
        guard let key else { throw CryptoError.fromOpenSSL("X25519 private key") }
        return key
    }

    static func publicKey(of secret: SecretBytes) throws -> [UInt8] {
        let key = try makeKey(secret: secret)
        defer { EVP_PKEY_free(key) }
        var out = [UInt8](repeating: 0, count: keySize)
        var length = keySize
        try check(EVP_PKEY_get_raw_public_key(key, &out, &length), "X25519 public key")
        return out
    }
}
