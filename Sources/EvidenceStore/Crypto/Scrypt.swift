import COpenSSL

/// scrypt (RFC 7914) for passphrase-wrapped keys, with r = 8 and p = 1 unless stated.
public enum Scrypt {
    /// The parameters stored beside every passphrase-wrapped key.
    public struct Parameters: Equatable, Sendable, Codable {
        /// log2 of scrypt's N.
        public var logN: Int
        public var r: Int
        public var p: Int

        public init(logN: Int, r: Int = 8, p: Int = 1) {
            self.logN = logN
            self.r = r
            self.p = p
        }

        /// The accepted range: at least 2^10 so a typo cannot make a slot trivially weak,
        /// at most 2^20 (1 GiB at r = 8) so a hostile slot file cannot exhaust memory.
        public static let logNRange = 10...20
        /// The most memory any accepted parameter set may ask scrypt for.
        public static let maxMemoryBytes: UInt64 = (1 << 30) + (1 << 21)

        public var isSupported: Bool {
            Self.logNRange.contains(logN) && (1...16).contains(r) && (1...16).contains(p) && memoryBytes <= Self.maxMemoryBytes
        }

        /// Memory scrypt needs: 128·r·(N + p + 2) bytes, plus slack for OpenSSL's bookkeeping.
        public var memoryBytes: UInt64 {
            guard (0...40).contains(logN), (1...1024).contains(r), (1...1024).contains(p) else { return .max }
            let n = UInt64(1) << UInt64(logN)
            return 128 * UInt64(r) * (n + UInt64(p) + 2) + (1 << 20)
        }
    }

    public static func derive(passphrase: [UInt8], salt: [UInt8], parameters: Parameters, length: Int = 32) throws -> SecretBytes {
        guard parameters.isSupported else {
            throw CryptoError.invalidInput("scrypt parameters out of range (log2 N \(parameters.logN), r \(parameters.r), p \(parameters.p))")
        }
        return try deriveWithoutRangeCheck(passphrase: passphrase, salt: salt, parameters: parameters, length: length)
    }

    /// `derive` without the `isSupported` check. Internal, for known-answer tests only: RFC 7914's
    /// first vector uses N = 16, below `logNRange`. Everything else must call `derive`.
    static func deriveWithoutRangeCheck(passphrase: [UInt8], salt: [UInt8], parameters: Parameters,
                                        length: Int) throws -> SecretBytes {
        let out = SecretBytes(count: length)
        let n = UInt64(1) << UInt64(parameters.logN)
        try out.withMutableBytes { buffer in
            let result = passphrase.withUnsafeBufferPointer { pass in
                pass.withMemoryRebound(to: CChar.self) { passChars in
                    EVP_PBE_scrypt(passChars.baseAddress, pass.count, salt, salt.count,
                                   n, UInt64(parameters.r), UInt64(parameters.p), parameters.memoryBytes,
                                   buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), length)
                }
            }
            try check(result, "scrypt")
        }
        return out
    }
}
