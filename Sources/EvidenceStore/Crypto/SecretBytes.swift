import COpenSSL

/// Key material held outside Swift's copy-on-write arrays, so that it can be wiped.
///
/// The buffer is allocated once, never copied by the runtime, and cleansed with
/// `OPENSSL_cleanse` when the last reference goes away. Treated as immutable once
/// filled by its creator.
public final class SecretBytes: @unchecked Sendable {
    private let storage: UnsafeMutableRawBufferPointer
    public let count: Int

    public init(count: Int) {
        self.count = count
        // Allocate at least one byte so the pointer is always valid.
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 16)
        storage.initializeMemory(as: UInt8.self, repeating: 0)
    }

    /// Copies `bytes` in; the caller should drop its own copy as soon as it can.
    public convenience init<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        self.init(count: bytes.count)
        var index = 0
        for byte in bytes {
            storage[index] = byte
            index += 1
        }
    }

    /// Fresh random bytes from `RAND_bytes`.
    public static func random(count: Int) throws -> SecretBytes {
        let secret = SecretBytes(count: count)
        try secret.withMutableBytes { try SecureRandom.fill($0) }
        return secret
    }

    deinit {
        OPENSSL_cleanse(storage.baseAddress, storage.count)
        storage.deallocate()
    }

    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(rebasing: storage[0..<count]))
    }

    /// Only for filling freshly created secrets (key derivation, decryption).
    func withMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeMutableRawBufferPointer(rebasing: storage[0..<count]))
    }

    /// An ordinary array copy, for the few places that must serialise a secret
    /// (sealing it into an envelope). Prefer `withUnsafeBytes`.
    public var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    /// A new secret holding `range` of this one.
    public func slice(_ range: Range<Int>) -> SecretBytes {
        withUnsafeBytes { SecretBytes($0[range]) }
    }

    /// Constant-time comparison.
    public func isEqual(to other: SecretBytes) -> Bool {
        guard count == other.count else { return false }
        return withUnsafeBytes { a in
            other.withUnsafeBytes { b in CRYPTO_memcmp(a.baseAddress, b.baseAddress, a.count) == 0 }
        }
    }
}
