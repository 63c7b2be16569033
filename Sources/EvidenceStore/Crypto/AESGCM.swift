import COpenSSL

/// AES-256-GCM with 96-bit nonces and 128-bit tags, through OpenSSL's EVP interface.
///
/// `AESGCM.Context` keeps one cipher context for many chunks of one object, so that
/// large objects do not pay for a context allocation per chunk.
public enum AESGCM {
    public static let keySize = 32
    public static let nonceSize = 12
    public static let tagSize = 16

    /// Returns ciphertext ‖ tag.
    public static func seal(key: SecretBytes, nonce: [UInt8], aad: [UInt8], plaintext: [UInt8]) throws -> [UInt8] {
        let context = try Context(key: key)
        var out = [UInt8](repeating: 0, count: plaintext.count + tagSize)
        let written = try plaintext.withUnsafeBytes { input in
            try out.withUnsafeMutableBytes { output in
                try context.seal(nonce: nonce, aad: aad, plaintext: input, into: output)
            }
        }
        return Array(out.prefix(written))
    }

    /// Opens ciphertext ‖ tag; throws `authenticationFailed` if anything was altered.
    public static func open(key: SecretBytes, nonce: [UInt8], aad: [UInt8], sealed: [UInt8]) throws -> [UInt8] {
        guard sealed.count >= tagSize else { throw CryptoError.authenticationFailed }
        let context = try Context(key: key)
        var out = [UInt8](repeating: 0, count: sealed.count - tagSize)
        let written = try sealed.withUnsafeBytes { input in
            try out.withUnsafeMutableBytes { output in
                try context.open(nonce: nonce, aad: aad, sealed: input, into: output)
            }
        }
        return Array(out.prefix(written))
    }

    /// Opens into key material that is wiped when released.
    public static func openSecret(key: SecretBytes, nonce: [UInt8], aad: [UInt8], sealed: [UInt8]) throws -> SecretBytes {
        guard sealed.count >= tagSize else { throw CryptoError.authenticationFailed }
        let context = try Context(key: key)
        let out = SecretBytes(count: sealed.count - tagSize)
        try sealed.withUnsafeBytes { input in
            try out.withMutableBytes { output in
                _ = try context.open(nonce: nonce, aad: aad, sealed: input, into: output)
            }
        }
        return out
    }

    /// A reusable cipher context bound to one key. Not thread-safe: one per thread.
    public final class Context {
        private let cipher: OpaquePointer
        private let key: SecretBytes

        public init(key: SecretBytes) throws {
            guard key.count == AESGCM.keySize else { throw CryptoError.invalidKey("AES-256-GCM needs a 32-byte key") }
            guard let cipher = EVP_CIPHER_CTX_new() else { throw CryptoError.fromOpenSSL("EVP_CIPHER_CTX_new") }
            self.cipher = cipher
            self.key = key
        }

        deinit { EVP_CIPHER_CTX_free(cipher) }

        /// Seals `plaintext` into `output` (which must hold plaintext.count + 16 bytes);
        /// returns the number of bytes written.
        public func seal(nonce: [UInt8], aad: [UInt8], plaintext: UnsafeRawBufferPointer,
                         into output: UnsafeMutableRawBufferPointer) throws -> Int {
            try seal(nonce: nonce, aad: aad, parts: [plaintext], into: output)
        }

        /// Seals the concatenation of `parts` without copying them together first.
        public func seal(nonce: [UInt8], aad: [UInt8], parts: [UnsafeRawBufferPointer],
                         into output: UnsafeMutableRawBufferPointer) throws -> Int {
            let plaintextCount = parts.reduce(0) { $0 + $1.count }
            guard output.count >= plaintextCount + AESGCM.tagSize,
                  let outBase = output.baseAddress else { throw CryptoError.invalidInput("GCM output too small") }
            try beginSealing(nonce: nonce, aad: aad)
            var written = 0
            for part in parts {
                try sealPart(part, into: outBase + written)
                written += part.count
            }
            try finishSealing(tagInto: outBase + written)
            return written + AESGCM.tagSize
        }

        /// Starts a message sealed piece by piece (`sealPart`, then `finishSealing`), so a
        /// record can be encrypted straight into the buffers that are written out.
        public func beginSealing(nonce: [UInt8], aad: [UInt8]) throws {
            guard nonce.count == AESGCM.nonceSize else { throw CryptoError.invalidInput("GCM nonce must be 12 bytes") }
            try check(EVP_EncryptInit_ex(cipher, EVP_aes_256_gcm(), nil, nil, nil), "GCM init")
            try check(evidence_gcm_set_ivlen(cipher, Int32(AESGCM.nonceSize)), "GCM ivlen")
            try key.withUnsafeBytes { keyBuffer in
                try check(EVP_EncryptInit_ex(cipher, nil, nil, keyBuffer.baseAddress?.assumingMemoryBound(to: UInt8.self),
                                             nonce), "GCM key")
            }
            var length: Int32 = 0
            if !aad.isEmpty {
                try check(EVP_EncryptUpdate(cipher, nil, &length, aad, Int32(aad.count)), "GCM aad")
            }
        }

        /// Encrypts the next `input.count` bytes of the message into `output` (GCM is a
        /// stream mode: exactly as many bytes come out as go in, whatever the piece sizes).
        public func sealPart(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawPointer) throws {
            guard let inputBase = input.baseAddress, input.count > 0 else { return }
            guard input.count <= Int(Int32.max) else { throw CryptoError.invalidInput("GCM piece too large") }
            var length: Int32 = 0
            try check(EVP_EncryptUpdate(cipher, output.assumingMemoryBound(to: UInt8.self), &length,
                                        inputBase.assumingMemoryBound(to: UInt8.self), Int32(input.count)), "GCM encrypt")
            guard Int(length) == input.count else { throw CryptoError.invalidInput("GCM encrypt returned a short piece") }
        }

        /// Ends the message: writes its 16-byte tag to `tag`.
        public func finishSealing(tagInto tag: UnsafeMutableRawPointer) throws {
            var length: Int32 = 0
            // GCM's final step writes no bytes; the tag's space stands in for its output.
            try check(EVP_EncryptFinal_ex(cipher, tag.assumingMemoryBound(to: UInt8.self), &length), "GCM final")
            guard length == 0 else { throw CryptoError.invalidInput("GCM final wrote data") }
            try check(evidence_gcm_get_tag(cipher, tag.assumingMemoryBound(to: UInt8.self), Int32(AESGCM.tagSize)), "GCM tag")
        }

        /// Opens ciphertext ‖ tag into `output`; nothing in `output` may be used unless
        /// this returns. Returns the plaintext length.
        public func open(nonce: [UInt8], aad: [UInt8], sealed: UnsafeRawBufferPointer,
                         into output: UnsafeMutableRawBufferPointer) throws -> Int {
            guard nonce.count == AESGCM.nonceSize else { throw CryptoError.invalidInput("GCM nonce must be 12 bytes") }
            guard sealed.count >= AESGCM.tagSize else { throw CryptoError.authenticationFailed }
            let cipherLength = sealed.count - AESGCM.tagSize
            guard output.count >= cipherLength else { throw CryptoError.invalidInput("GCM output too small") }
            try check(EVP_DecryptInit_ex(cipher, EVP_aes_256_gcm(), nil, nil, nil), "GCM init")
            try check(evidence_gcm_set_ivlen(cipher, Int32(AESGCM.nonceSize)), "GCM ivlen")
            try key.withUnsafeBytes { keyBuffer in
                try check(EVP_DecryptInit_ex(cipher, nil, nil, keyBuffer.baseAddress?.assumingMemoryBound(to: UInt8.self),
                                             nonce), "GCM key")
            }
            var length: Int32 = 0
            if !aad.isEmpty {
                try check(EVP_DecryptUpdate(cipher, nil, &length, aad, Int32(aad.count)), "GCM aad")
            }
            guard let inputBase = sealed.baseAddress else { throw CryptoError.authenticationFailed }
            let input = inputBase.assumingMemoryBound(to: UInt8.self)
            // GCM's final step writes nothing; a scratch byte stands in for an empty output.
            var scratch: UInt8 = 0
            return try withUnsafeMutablePointer(to: &scratch) { scratchPointer in
                let out = output.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? scratchPointer
                var written = 0
                if cipherLength > 0 {
                    try check(EVP_DecryptUpdate(cipher, out, &length, input, Int32(cipherLength)), "GCM decrypt")
                    written = Int(length)
                }
                try check(evidence_gcm_set_tag(cipher, input + cipherLength, Int32(AESGCM.tagSize)), "GCM set tag")
                guard EVP_DecryptFinal_ex(cipher, out + written, &length) == 1 else {
                    ERR_clear_error()
                    throw CryptoError.authenticationFailed
                }
                return written + Int(length)
            }
        }
    }
}
